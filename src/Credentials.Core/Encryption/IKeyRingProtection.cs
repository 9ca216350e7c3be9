namespace Credentials;

/// <summary>
/// Protects a key ring that is kept inside the credential store (<c>UsePassphrase</c>,
/// <c>ProtectKeysWithDataProtection</c>, or <c>ProtectKeysWith</c> for your own). The ring's keys are random 256-bit
/// KEKs; each is stored wrapped by the key this protection opens, so the store holds no usable key material and a
/// database backup is complete given the protection's secret (a passphrase, the Data Protection keys, a KMS key).
/// </summary>
/// <remarks>
/// The ring key is opened once per process, at start-up; unwrapping credentials then needs no call to it. That makes
/// this a good fit for a remote KMS whose calls are slow: protect the ring with it instead of every data key.
/// </remarks>
public interface IKeyRingProtection
{
    /// <summary>
    /// A short name recorded with the ring (for example <c>passphrase</c>); a store whose ring was protected under
    /// another name refuses to start, saying which one it needs.
    /// </summary>
    string Name { get; }

    /// <summary>Non-secret parameters stored with a new ring (a salt and costs, for example); may be empty.</summary>
    /// <returns>The parameters, at most 4 KiB.</returns>
    byte[] CreateParameters();

    /// <summary>Opens the key that wraps the ring's keys, given the parameters stored with the ring.</summary>
    /// <param name="parameters">What <see cref="CreateParameters"/> returned when the ring was created.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ring key. If it is <see cref="IDisposable"/>, the vault disposes it when the provider is disposed.</returns>
    Task<IKeyEncryptionKey> OpenAsync(byte[] parameters, CancellationToken cancellationToken = default);
}
