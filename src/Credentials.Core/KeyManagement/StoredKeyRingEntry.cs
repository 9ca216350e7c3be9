namespace Credentials;

/// <summary>One key of a stored ring (setting <c>key-ring/key/N</c>, N = 1, 2, ...; the highest is the primary).</summary>
internal sealed class StoredKeyRingEntry
{
    public string Id { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The 256-bit key wrapped by the ring key, bound to N, the id and the creation time; Base64.</summary>
    public string WrappedKey { get; set; } = string.Empty;
}
