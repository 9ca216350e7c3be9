namespace Credentials.Storage;

/// <summary>
/// Optional: a storage shared by several processes that can tell each of them when another one changed the store (for
/// PostgreSQL, LISTEN/NOTIFY). The vault subscribes when a storage implements it, so what it keeps in memory (the key
/// ring of the passphrase and Data Protection providers, the retired keys, a cache) follows another instance's rotation
/// or retirement promptly instead of at the next restart or the next unknown key.
/// </summary>
/// <remarks>
/// Notifications are hints, never data: a subscriber re-reads the store. They may be late, repeated or coalesced, and a
/// lost connection is reported as <see cref="CredentialStorageChangeKind.Reset"/>, after which anything may have changed.
/// </remarks>
public interface ICredentialStorageNotifications
{
    /// <summary>
    /// Calls <paramref name="onChange"/> for every change committed by any process (this one included) from the time the
    /// returned task completes until the subscription is disposed. The callback runs on a background thread, must be
    /// quick and must not throw (start any I/O on another task).
    /// </summary>
    /// <param name="onChange">Called for each change.</param>
    /// <param name="cancellationToken">Cancels the subscription before it is listening.</param>
    /// <returns>The subscription; dispose it to stop the calls.</returns>
    /// <exception cref="CredentialStorageException">Listening could not be started (the store is unreachable or refused it).</exception>
    Task<IDisposable> SubscribeAsync(Action<CredentialStorageChange> onChange, CancellationToken cancellationToken = default);
}
