namespace Credentials;

/// <summary>The regions of a sealed credential, as views into its bytes.</summary>
internal readonly ref struct EnvelopeParts(
    byte version, string keyId, ReadOnlySpan<byte> wrappedKey, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag)
{
    public byte Version { get; } = version;

    public string KeyId { get; } = keyId;

    public ReadOnlySpan<byte> WrappedKey { get; } = wrappedKey;

    public ReadOnlySpan<byte> Nonce { get; } = nonce;

    public ReadOnlySpan<byte> Ciphertext { get; } = ciphertext;

    public ReadOnlySpan<byte> Tag { get; } = tag;
}
