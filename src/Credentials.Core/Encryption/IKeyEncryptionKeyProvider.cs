namespace Credentials;

/// <summary>
/// Supplies the key-encryption keys (KEKs): the primary one for new writes and any older one still needed to unwrap.
/// The built-in providers are the key file (<c>UseKeyFile</c>), a master key (<c>UseMasterKey</c>), and key rings kept
/// in the store (<c>UsePassphrase</c>, <c>ProtectKeysWithDataProtection</c>, <c>ProtectKeysWith</c>). Register an
/// implementation as a singleton (after <c>AddCredentials()</c>, with <c>Replace</c>, or before it) to use a KMS or an HSM.
/// </summary>
/// <remarks>
/// <para>What the vault relies on:</para>
/// <list type="bullet">
/// <item>Key ids are stable and unique: each envelope stores the id of the key that wrapped its data key, and
/// <see cref="FindKey"/> must return that same key for as long as anything is wrapped under it (see
/// <see cref="ICredentialKeyManager.ListKeysAsync"/> for the counts). A different key under a known id is detected at
/// start-up by the store's key check and refused.</item>
/// <item><see cref="Keys"/> lists every key that can unwrap; at start-up the vault refuses to run when the store holds
/// credentials under an id missing from it, naming the ids and counts.</item>
/// <item>Members are called on the resolve path and from many threads: they are synchronous, thread-safe and fast. A
/// remote KMS should wrap the KEKs of a ring (<see cref="IKeyRingProtection"/>, one call at start-up) rather than
/// every data key, or cache unwrapped data keys only with care.</item>
/// <item>Rotation: implement <see cref="IRotatableKeyEncryptionKeyProvider"/> to let
/// <see cref="ICredentialKeyManager.RotateAsync"/> create a key version; otherwise rotate outside the vault (configure
/// the new key as primary, keep the old one in <see cref="Keys"/> or give a provider of it to <c>MigrateKeysFrom</c>),
/// restart, and call <see cref="ICredentialKeyManager.RewrapAsync"/> (or <see cref="ICredentialKeyMigration.MigrateAsync"/>).
/// Retirement is recorded by the vault in the store, for every provider.</item>
/// <item>Disposal: an implementation that is <see cref="IDisposable"/> is disposed with the service provider.</item>
/// </list>
/// </remarks>
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
