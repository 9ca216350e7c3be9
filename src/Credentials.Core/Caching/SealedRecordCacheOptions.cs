namespace Credentials;

/// <summary>
/// The sealed-record cache, on by default: resolves of a key read recently reuse its stored record (ciphertext, wrapped
/// data key and the columns the envelope is bound to) instead of reading the store again. Every resolve still unwraps the
/// data key and opens the envelope; no plaintext and no data key is kept between calls.
/// </summary>
/// <remarks>
/// <para>
/// What is kept in memory is what the store holds on disk, so it is as safe in memory as on disk. An entry is used only
/// while the store says nothing changed since it was read: on SQLite, the WAL index's change counter, which every commit of
/// any process moves (so a change made by another process is seen by the next resolve); on PostgreSQL, the change
/// notifications (LISTEN/NOTIFY), so a change made by another process is seen once its notification arrives, normally within
/// milliseconds, and nothing is reused while the listening connection is down. A storage that offers neither (the
/// in-memory storage) is always read. Entries are keyed by organization, owner and key: one never serves another.
/// </para>
/// </remarks>
public sealed class SealedRecordCacheOptions
{
    /// <summary>Whether sealed records are reused between resolves.</summary>
    /// <value>Defaults to true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The most records kept at once (about 300 bytes each for a typical token, plus the key strings).</summary>
    /// <value>Defaults to 10,000. Must be from 1 to 1,000,000.</value>
    public int MaxEntries { get; set; } = 10_000;
}
