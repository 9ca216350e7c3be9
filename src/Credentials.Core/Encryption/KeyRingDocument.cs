namespace Credentials;

/// <summary>The key file: a small JSON key ring, so later rotations can add versions to the same file.</summary>
internal sealed class KeyRingDocument
{
    public const string CurrentFormat = "credentials-key-ring/v1";

    public string Format { get; set; } = CurrentFormat;

    public string Primary { get; set; } = string.Empty;

    public List<KeyRingEntry> Keys { get; set; } = [];
}
