namespace Credentials;

/// <summary>
/// What the built-in rings (key file, stored ring) know beyond keys: when each key was created and which are retired.
/// Providers from outside do not implement it; for them the store's own records carry both (see <see cref="KeySettings"/>
/// and <c>ICredentialStorage.RetireKeyAsync</c>).
/// </summary>
internal interface IKeyRingMetadata
{
    /// <summary>
    /// Loads the ring, creating one only in a store that has none yet. Runs at start-up before anything reads
    /// <see cref="IKeyEncryptionKeyProvider.Keys"/>; never writes to a store that already has a ring.
    /// </summary>
    Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>Re-reads the ring (another process may have rotated or retired): new keys, a new primary, new retirements.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);

    /// <summary>When the key was created, or null when the ring does not know the key.</summary>
    DateTimeOffset? GetCreatedAt(string keyId);

    /// <summary>
    /// The keys the ring itself records as retired. A retired key of a stored ring has no material any more, so it is not
    /// among <see cref="IKeyEncryptionKeyProvider.Keys"/>; it is listed here.
    /// </summary>
    IReadOnlyCollection<string> RetiredKeyIds { get; }

    /// <summary>
    /// Records the key as retired in the ring, durably (the key file keeps the material and flags it; a stored ring
    /// appends an authenticated retirement and erases the material). Idempotent: completes a retirement that a crash
    /// interrupted.
    /// </summary>
    Task MarkRetiredAsync(string keyId, DateTimeOffset retiredAt, CancellationToken cancellationToken);
}
