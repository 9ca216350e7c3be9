namespace Credentials;

/// <summary>
/// Supplies the key-encryption keys: the primary one for new writes and any older one still needed to unwrap.
/// Register an implementation as a singleton to replace the built-in providers (key file, master key).
/// </summary>
public interface IKeyEncryptionKeyProvider
{
    /// <summary>The key new credentials are wrapped under.</summary>
    IKeyEncryptionKey PrimaryKey { get; }

    /// <summary>Every key this provider can unwrap with, the primary among them.</summary>
    IReadOnlyList<IKeyEncryptionKey> Keys { get; }

    /// <summary>The key with that id, or null when this provider does not have it.</summary>
    /// <param name="keyId">The id stored with a wrapped data key.</param>
    IKeyEncryptionKey? FindKey(string keyId);
}
