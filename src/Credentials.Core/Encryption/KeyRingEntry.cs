namespace Credentials;

/// <summary>One key of the key file.</summary>
internal sealed class KeyRingEntry
{
    public string Id { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the key was retired; absent while it is usable. Readers that predate it ignore it.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>The 256-bit key, Base64.</summary>
    public string Key { get; set; } = string.Empty;
}
