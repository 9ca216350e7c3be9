namespace Credentials;

/// <summary>
/// One entry of a stored ring (setting <c>key-ring/key/N</c>, N = 1, 2, ... without gaps). An append-only log of three
/// kinds, each authenticated under the ring key and bound to its number:
/// <list type="bullet">
/// <item>a key (<see cref="Kind"/> absent, the only kind of version 1): <see cref="Id"/>, <see cref="CreatedAt"/> and
/// <see cref="WrappedKey"/>, the 256-bit key wrapped with N, id and creation time as associated data;</item>
/// <item>a retirement (<c>retirement</c>): the key <see cref="Id"/> at entry <see cref="KeyIndex"/> is retired since
/// <see cref="RetiredAt"/>; <see cref="Proof"/> authenticates all of that and N;</item>
/// <item>a tombstone (<c>tombstone</c>): what a retired key's own entry becomes once its material is erased (the only
/// entry ever replaced, by a compare-and-swap); <see cref="Proof"/> binds N, id, creation and retirement.</item>
/// </list>
/// </summary>
internal sealed class StoredKeyRingEntry
{
    public const string RetirementKind = "retirement";
    public const string TombstoneKind = "tombstone";

    /// <summary>Null for a key; <see cref="RetirementKind"/> or <see cref="TombstoneKind"/>.</summary>
    public string? Kind { get; set; }

    public string Id { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A key's 256-bit key wrapped by the ring key, bound to N, the id and the creation time; Base64.</summary>
    public string? WrappedKey { get; set; }

    /// <summary>A retirement's: the number of the retired key's entry.</summary>
    public int? KeyIndex { get; set; }

    /// <summary>A tombstone's: the number of the retirement entry that retired it.</summary>
    public int? RetirementIndex { get; set; }

    /// <summary>A retirement's and a tombstone's: when the key was retired.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>A retirement's and a tombstone's: a zero key wrapped by the ring key with the entry's fields as associated data; Base64.</summary>
    public string? Proof { get; set; }
}
