using FsCheck;
using FsCheck.Fluent;

namespace Credentials.Tests.Model;

/// <summary>What one step of <see cref="VaultModelTests"/> does.</summary>
public enum VaultOp
{
    Create,
    UpdateSecret,
    Rename,
    Delete,
    Recover,
    Purge,
    Rotate,
    Rewrap,
    Retire,
    Resolve,
}

/// <summary>
/// One step: an operation made by one of the two instances (0 or 1) on a slot (the credential key <c>K{slot}</c>), with
/// a value for the secret or the name.
/// </summary>
public sealed record VaultStep(VaultOp Op, int Instance, int Slot, int Value)
{
    public const int Slots = 4;

    public override string ToString() => $"{Op}@{(Instance == 0 ? 'A' : 'B')}(K{Slot}, {Value})";

    /// <summary>Sequences of steps, weighted towards writes; shrinking drops steps (halves, then one at a time).</summary>
    public static Arbitrary<VaultStep[]> Sequences(int maxLength)
    {
        var step =
            from op in Gen.Frequency(
                (5, Gen.Constant(VaultOp.Create)),
                (3, Gen.Constant(VaultOp.UpdateSecret)),
                (2, Gen.Constant(VaultOp.Rename)),
                (3, Gen.Constant(VaultOp.Delete)),
                (2, Gen.Constant(VaultOp.Recover)),
                (1, Gen.Constant(VaultOp.Purge)),
                (2, Gen.Constant(VaultOp.Rotate)),
                (2, Gen.Constant(VaultOp.Rewrap)),
                (2, Gen.Constant(VaultOp.Retire)),
                (2, Gen.Constant(VaultOp.Resolve)))
            from instance in Gen.Choose(0, 1)
            from slot in Gen.Choose(0, Slots - 1)
            from value in Gen.Choose(0, 999_999)
            select new VaultStep(op, instance, slot, value);
        var sequences = from length in Gen.Choose(1, maxLength) from steps in Gen.ArrayOf(step, length) select steps;
        return Arb.From(sequences, Shrink);
    }

    private static IEnumerable<VaultStep[]> Shrink(VaultStep[] steps)
    {
        for (var size = steps.Length / 2; size >= 1; size /= 2)
        {
            for (var start = 0; start + size <= steps.Length; start += size)
            {
                yield return [.. steps[..start], .. steps[(start + size)..]];
            }
        }
    }
}
