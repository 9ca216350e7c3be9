namespace Credentials;

/// <summary>A set of local AES-GCM key-encryption keys with one primary.</summary>
internal sealed class KeyRing : IKeyEncryptionKeyProvider, IDisposable
{
    private readonly Dictionary<string, AesGcmKeyEncryptionKey> _byId;
    private readonly AesGcmKeyEncryptionKey[] _keys;

    public KeyRing(IEnumerable<AesGcmKeyEncryptionKey> keys, string primaryKeyId)
    {
        _keys = [.. keys];
        _byId = _keys.ToDictionary(k => k.KeyId, StringComparer.Ordinal);
        PrimaryKey = _byId.TryGetValue(primaryKeyId, out var primary)
            ? primary
            : throw new ArgumentException($"The primary key '{primaryKeyId}' is not in the key ring.", nameof(primaryKeyId));
    }

    public IKeyEncryptionKey PrimaryKey { get; }

    public IReadOnlyList<IKeyEncryptionKey> Keys => _keys;

    public IKeyEncryptionKey? FindKey(string keyId) => _byId.GetValueOrDefault(keyId);

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }
}
