namespace Credentials;

/// <summary>
/// What the built-in rings (key file, stored ring) know beyond keys: when each key was created and which are retired.
/// Providers from outside do not implement it; for them the store's own settings carry both (see <see cref="KeySettings"/>).
/// </summary>
internal interface IKeyRingMetadata
{
    /// <summary>Loads (or creates) the ring. Runs at start-up before anything reads <see cref="IKeyEncryptionKeyProvider.Keys"/>.</summary>
    Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>Re-reads the ring (another process may have rotated or retired): new keys, a new primary, new flags.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);

    /// <summary>When the key was created, or null when the ring does not know the key.</summary>
    DateTimeOffset? GetCreatedAt(string keyId);

    /// <summary>Whether the ring itself records the key as retired.</summary>
    bool IsRetired(string keyId);

    /// <summary>Records the key as retired in the ring (durably), keeping its material.</summary>
    Task MarkRetiredAsync(string keyId, DateTimeOffset retiredAt, CancellationToken cancellationToken);
}
