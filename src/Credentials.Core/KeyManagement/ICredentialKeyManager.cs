namespace Credentials;

/// <summary>
/// Manages the key-encryption keys (KEKs) that wrap every credential's data key: list them, rotate to a new primary,
/// rewrap stored data keys under the primary, and retire keys nothing uses any more. A thread-safe singleton.
/// </summary>
/// <remarks>
/// The usual sequence is <see cref="RotateAsync"/>, then <see cref="RewrapAsync"/> (or <c>RewrapInBackground()</c>),
/// then <see cref="RetireAsync"/> for the old key once <see cref="CredentialKeyInfo.WrappedCount"/> is zero. A rewrap
/// never decrypts a payload: it replaces only the wrapped data key of each envelope.
/// </remarks>
public interface ICredentialKeyManager
{
    /// <summary>Lists every key of the configured provider with how many credentials each one wraps. Never key material.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The keys, oldest first.</returns>
    Task<IReadOnlyList<CredentialKeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a new key, keeps every existing one for unwrapping, and makes the new one primary for new writes. The
    /// ring is persisted durably before this returns.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new primary key.</returns>
    /// <exception cref="CredentialException">The configured provider cannot rotate (for example <c>UseMasterKey</c>).</exception>
    Task<CredentialKeyInfo> RotateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Rewraps, in batches, the data key of every credential not yet under the primary key. Resumable: a pass that
    /// stopped (cancelled, crashed) is resumed by calling this again. Safe while the store is in use: a credential
    /// changed concurrently is left to that change, never overwritten.
    /// </summary>
    /// <param name="progress">Receives done/total after each batch.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>Counts and duration.</returns>
    Task<RewrapResult> RewrapAsync(IProgress<RewrapProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a key retired: from then on any credential still sealed under it fails with
    /// <see cref="CredentialIntegrityException"/>, and the key is never used again. One-way.
    /// </summary>
    /// <param name="keyId">The key's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialException">
    /// Credentials are still wrapped under the key (the message gives the count), it is the primary key, or it is unknown.
    /// </exception>
    Task RetireAsync(string keyId, CancellationToken cancellationToken = default);
}
