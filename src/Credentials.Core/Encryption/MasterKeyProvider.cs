namespace Credentials;

/// <summary>A single caller-supplied 256-bit key (<c>UseMasterKey</c>); its id is derived from the key itself.</summary>
internal sealed class MasterKeyProvider : IKeyEncryptionKeyProvider, IDisposable
{
    private readonly AesGcmKeyEncryptionKey _key;

    public MasterKeyProvider(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        _key = new AesGcmKeyEncryptionKey(KeyIds.ForMasterKey(key), key);
        Keys = [_key];
    }

    public IKeyEncryptionKey PrimaryKey => _key;

    /// <summary>Refuses a key of the wrong size, or one repeated byte (all zeros is an unset buffer, not a generated key).</summary>
    public static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != AesGcmKeyEncryptionKey.KeySize)
        {
            throw new ArgumentException($"The master key must be {AesGcmKeyEncryptionKey.KeySize} bytes (256 bits); it has {key.Length}.", nameof(key));
        }

        if (!key.ContainsAnyExcept(key[0]))
        {
            throw new ArgumentException("The master key is one repeated byte (for example all zeros), which is not a random key. Generate 32 random bytes.", nameof(key));
        }
    }

    public IReadOnlyList<IKeyEncryptionKey> Keys { get; }

    public IKeyEncryptionKey? FindKey(string keyId) => string.Equals(keyId, _key.KeyId, StringComparison.Ordinal) ? _key : null;

    public void Dispose() => _key.Dispose();
}
