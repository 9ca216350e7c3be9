namespace Credentials;

/// <summary>
/// A rotation in two steps, so that the store records the new key (its key check) before any process can use it: the
/// built-in rings create the key in memory, the vault records its check, and only then does the ring make it primary. A
/// failure in between leaves no rotation (an unused key check is ignored), so a caller that retries never adds keys.
/// </summary>
internal interface IStagedKeyRotation
{
    /// <summary>A new random key, not yet in the ring. Dispose it when done.</summary>
    StagedKey CreateKey();

    /// <summary>Adds <paramref name="key"/> to the ring durably and makes it primary.</summary>
    Task<IKeyEncryptionKey> ActivateAsync(StagedKey key, CancellationToken cancellationToken);
}
