namespace Credentials;

/// <summary>
/// A key provider that can add a key version itself: <see cref="ICredentialKeyManager.RotateAsync"/> works only with
/// one of these (the key file, passphrase and Data Protection rings are). A KMS or HSM provider may implement it to
/// create a key version in the device; providers that are not rotatable are rotated outside the vault (configure the
/// new key as primary, keep the old one for unwrapping, restart) and then rewrapped with
/// <see cref="ICredentialKeyManager.RewrapAsync"/>.
/// </summary>
public interface IRotatableKeyEncryptionKeyProvider : IKeyEncryptionKeyProvider
{
    /// <summary>
    /// Creates a new key, keeps every existing one, makes the new one <see cref="IKeyEncryptionKeyProvider.PrimaryKey"/>,
    /// and persists the ring durably before returning. Must never lose an existing key, even when it fails half-way
    /// or when another process rotates at the same time.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation before anything is written.</param>
    /// <returns>The new primary key.</returns>
    Task<IKeyEncryptionKey> RotateAsync(CancellationToken cancellationToken = default);
}
