namespace Credentials;

/// <summary>One key of the key file.</summary>
internal sealed class KeyRingEntry
{
    public string Id { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The 256-bit key, Base64.</summary>
    public string Key { get; set; } = string.Empty;
}
