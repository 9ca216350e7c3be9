using System.Collections.Immutable;

namespace Credentials;

/// <summary>
/// The retired key ids this process knows, loaded at start-up (store settings and ring flags) and added to by
/// <see cref="ICredentialKeyManager.RetireAsync"/>. The sealer consults it on every open and seal.
/// </summary>
internal sealed class KeyRetirements
{
    private ImmutableHashSet<string> _retired = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    public bool IsRetired(string keyId)
    {
        // Checked on every open; almost always nothing is retired, and then it costs one read.
        var retired = Volatile.Read(ref _retired);
        return retired.Count != 0 && retired.Contains(keyId);
    }

    public void Add(string keyId) => ImmutableInterlocked.Update(ref _retired, static (set, id) => set.Add(id), keyId);
}
