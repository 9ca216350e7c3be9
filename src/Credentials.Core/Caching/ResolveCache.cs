using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Resolved credentials by organization, owner and key (a user's entry never serves another user or the organization),
/// bounded in size and time. Only hits are cached: a miss always goes
/// to the store, so a credential created elsewhere is found at once. See <see cref="ResolveCacheOptions"/>.
/// </summary>
internal sealed class ResolveCache : IDisposable
{
    // The owner is "" for the organization's shared credentials (user ids are never empty).
    private readonly ConcurrentDictionary<(string Org, string Owner, string Key), Entry> _entries = new();
    private readonly TimeProvider _time;
    private readonly ITimer? _sweeper;
    private readonly SealedRecordCache? _sealedRecords;
    private readonly int _maxEntries;
    private readonly long _timeToLiveTicks;
    private long _generation;

    /// <param name="options">The plaintext cache's settings.</param>
    /// <param name="time">The clock of the time-to-live.</param>
    /// <param name="sealedRecords">
    /// The sealed-record cache: every invalidation of this cache (an update, a deletion, a change notification, a
    /// retirement) applies to it too, whether or not this one is enabled.
    /// </param>
    public ResolveCache(IOptions<ResolveCacheOptions> options, TimeProvider time, SealedRecordCache? sealedRecords = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _time = time;
        _sealedRecords = sealedRecords;
        Enabled = settings.Enabled;
        _maxEntries = settings.MaxEntries;
        _timeToLiveTicks = settings.TimeToLive.Ticks;
        if (Enabled)
        {
            // Expired entries are dropped proactively, not only when looked up, so plaintext does not linger.
            var period = settings.TimeToLive / 4;
            _sweeper = time.CreateTimer(_ => Sweep(), null, period, period);
        }
    }

    public bool Enabled { get; }

    public int Count => _entries.Count;

    /// <summary>Grows with every invalidation; a value read before an invalidation is not cached after it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string org, string? owner, string key, out CredentialSecret secret) => TryGet(org, owner, key, out secret, out _);

    public bool TryGet(string org, string? owner, string key, out CredentialSecret secret, out Guid id)
    {
        secret = null!;
        id = default;
        if (!Enabled || !_entries.TryGetValue((org, owner ?? string.Empty, key), out var entry))
        {
            return false;
        }

        if (_time.GetUtcNow().UtcTicks >= entry.ExpiresAtTicks)
        {
            _entries.TryRemove(new KeyValuePair<(string, string, string), Entry>((org, owner ?? string.Empty, key), entry));
            return false;
        }

        secret = entry.Secret;
        id = entry.Id;
        return true;
    }

    /// <summary>Caches a value read at <paramref name="readGeneration"/>, unless something was invalidated since.</summary>
    public void Set(string org, string? owner, string key, CredentialSecret secret, long readGeneration, Guid id = default)
    {
        if (!Enabled)
        {
            return;
        }

        if (_entries.Count >= _maxEntries)
        {
            MakeRoom();
        }

        var entryKey = (org, owner ?? string.Empty, key);
        _entries[entryKey] = new Entry(secret, _time.GetUtcNow().UtcTicks + _timeToLiveTicks, id);
        if (Generation != readGeneration)
        {
            // An update or deletion raced with this read: the value may be stale, so do not keep it.
            _entries.TryRemove(entryKey, out _);
        }
    }

    public void Invalidate(string org, string? owner, string key)
    {
        _sealedRecords?.Invalidate(org, owner, key);
        if (!Enabled)
        {
            return;
        }

        Interlocked.Increment(ref _generation);
        _entries.TryRemove((org, owner ?? string.Empty, key), out _);
    }

    public void Clear()
    {
        _sealedRecords?.Clear();
        if (!Enabled)
        {
            return;
        }

        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    public void Dispose()
    {
        _sweeper?.Dispose();
        _entries.Clear();
    }

    internal void Sweep()
    {
        var now = _time.GetUtcNow().UtcTicks;
        foreach (var pair in _entries)
        {
            if (now >= pair.Value.ExpiresAtTicks)
            {
                _entries.TryRemove(pair);
            }
        }
    }

    private void MakeRoom()
    {
        Sweep();

        // Still full: drop a tenth, whichever come first. Cheap, bounded, and a hot key is back on its next resolve.
        var excess = _entries.Count - _maxEntries + Math.Max(1, _maxEntries / 10);
        foreach (var pair in _entries)
        {
            if (excess-- <= 0)
            {
                break;
            }

            _entries.TryRemove(pair);
        }
    }

    private sealed record Entry(CredentialSecret Secret, long ExpiresAtTicks, Guid Id);
}
