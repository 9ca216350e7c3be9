namespace Credentials.Storage;

/// <summary>
/// Optional: a cheap counter that tells a caller whether a read it made may be reused. The vault keeps the sealed records
/// it read (ciphertext and wrapped key, never plaintext) for as long as the counter reads the same, so a hot resolve skips
/// the storage read; the configuration provider polls it and re-reads only when it moved.
/// </summary>
/// <remarks>
/// <para>
/// The counter must change whenever something in the store may have changed that the caller would not otherwise be told
/// about. For SQLite that is every commit, by any connection of any process (it reads the WAL index that SQLite itself
/// shares between processes). A storage that also implements <see cref="ICredentialStorageNotifications"/> announces each
/// change, and its counter only has to change when notifications may have been missed (a lost listening connection); a
/// caller combines the two, so its reads are then stale for at most the notification delay.
/// </para>
/// <para>
/// The counter may move without any visible change (a rewrap, a key setting, another organization's credential); a reader
/// compares what it re-reads with what it had before it announces a change.
/// </para>
/// <para>It is called on every resolve: it must not block, allocate or do I/O, and must be safe to call from many threads.</para>
/// </remarks>
public interface ICredentialStorageChangeCounter
{
    /// <summary>
    /// Reads the counter. A read made after the counter was read as <paramref name="counter"/> may be reused as long as a
    /// later call returns the same value.
    /// </summary>
    /// <param name="counter">The counter, when the method returns true.</param>
    /// <returns>False when the storage cannot tell right now (nothing read from it may be reused then).</returns>
    bool TryReadChangeCounter(out long counter);
}
