namespace Credentials;

/// <summary>
/// An immutable snapshot of local AES-GCM key-encryption keys with one primary. A rotation builds a new snapshot;
/// the keys are owned (and disposed) by the provider that made them, so a snapshot still in use stays valid.
/// </summary>
internal sealed class KeyRing : IKeyEncryptionKeyProvider
{
    private readonly Dictionary<string, KeyRingMember> _byId;
    private readonly IKeyEncryptionKey[] _keys;
    private readonly KeyRingMember[] _members;

    public KeyRing(IEnumerable<AesGcmKeyEncryptionKey> keys, string primaryKeyId)
        : this(keys.Select(k => new KeyRingMember(k, default, null)), primaryKeyId)
    {
    }

    public KeyRing(IEnumerable<KeyRingMember> members, string primaryKeyId)
    {
        var all = members.ToArray();
        _members = all;
        _keys = [.. all.Select(m => m.Key)];
        _byId = all.ToDictionary(m => m.Key.KeyId, StringComparer.Ordinal);
        PrimaryKey = _byId.TryGetValue(primaryKeyId, out var primary)
            ? primary.Key
            : throw new ArgumentException($"The primary key '{primaryKeyId}' is not in the key ring.", nameof(primaryKeyId));
    }

    public IKeyEncryptionKey PrimaryKey { get; }

    public IReadOnlyList<IKeyEncryptionKey> Keys => _keys;

    public IKeyEncryptionKey? FindKey(string keyId) => _byId.GetValueOrDefault(keyId)?.Key;

    public KeyRingMember? Describe(string keyId) => _byId.GetValueOrDefault(keyId);

    public IReadOnlyList<KeyRingMember> Members => _members;
}
