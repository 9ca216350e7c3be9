namespace Credentials;

/// <summary>A single caller-supplied 256-bit key (<c>UseMasterKey</c>); its id is derived from the key itself.</summary>
internal sealed class MasterKeyProvider : IKeyEncryptionKeyProvider, IDisposable
{
    private readonly AesGcmKeyEncryptionKey _key;

    public MasterKeyProvider(ReadOnlySpan<byte> key)
    {
        if (key.Length != AesGcmKeyEncryptionKey.KeySize)
        {
            throw new ArgumentException($"The master key must be {AesGcmKeyEncryptionKey.KeySize} bytes (256 bits); it has {key.Length}.", nameof(key));
        }

        _key = new AesGcmKeyEncryptionKey(KeyIds.ForMasterKey(key), key);
        Keys = [_key];
    }

    public IKeyEncryptionKey PrimaryKey => _key;

    public IReadOnlyList<IKeyEncryptionKey> Keys { get; }

    public IKeyEncryptionKey? FindKey(string keyId) => string.Equals(keyId, _key.KeyId, StringComparison.Ordinal) ? _key : null;

    public void Dispose() => _key.Dispose();
}
