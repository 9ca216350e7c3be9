namespace Credentials;

/// <summary>
/// The opt-in resolve cache (<c>UseResolveCache()</c>), for hosts that resolve the same key many times a second.
/// </summary>
/// <remarks>
/// Trade-off: a hit costs a dictionary lookup instead of a database read, an unwrap and an AES-GCM open, but the
/// plaintext values stay in process memory for up to <see cref="TimeToLive"/> (plus a quarter of it, the sweep
/// interval). Updates, deletions and key retirement made through this process drop the affected entries at once;
/// a change made by another process is seen when the entry expires, or at once with a storage that announces
/// changes (PostgreSQL's LISTEN/NOTIFY, see <c>ICredentialStorageNotifications</c>). .NET strings cannot be wiped, so a dropped
/// entry's values live until the garbage collector reclaims them, as with any resolved value. Off by default.
/// </remarks>
public sealed class ResolveCacheOptions
{
    /// <summary>Whether resolved credentials are cached.</summary>
    /// <value>Defaults to false; <c>UseResolveCache()</c> sets it.</value>
    public bool Enabled { get; set; }

    /// <summary>The most credentials kept at once.</summary>
    /// <value>Defaults to 1,024. Must be from 1 to 1,000,000.</value>
    public int MaxEntries { get; set; } = 1024;

    /// <summary>How long a resolved credential may be served from memory.</summary>
    /// <value>Defaults to 30 seconds. Must be from 1 second to 1 hour.</value>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromSeconds(30);
}
