namespace Credentials.Storage;

/// <summary>
/// Optional: a storage that can tell cheaply, without reading any credential, whether anything may have been committed
/// since it was last asked (for SQLite, <c>PRAGMA data_version</c> on a connection kept for it). Something that keeps a
/// copy of credentials, such as the configuration provider, polls it where the storage has no
/// <see cref="ICredentialStorageNotifications"/>, and re-reads only when the number moved.
/// </summary>
/// <remarks>
/// The number may move without any visible change (a rewrap, a key setting, another organization's credential, a
/// reconnection); it never stays the same across a commit made by any connection or process after the previous call.
/// A reader compares what it re-reads with what it had before it announces a change.
/// </remarks>
public interface ICredentialStorageChangeCounter
{
    /// <summary>
    /// A number that differs from the one the previous call returned whenever a change may have been committed since then,
    /// by this process or another. Only differences mean anything; the values themselves do not.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialStorageException">The store could not be read.</exception>
    ValueTask<long> GetChangeCounterAsync(CancellationToken cancellationToken = default);
}
