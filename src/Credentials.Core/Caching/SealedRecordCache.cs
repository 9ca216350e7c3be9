using System.Collections.Concurrent;
using Credentials.Storage;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Sealed records by organization, owner and key (see <see cref="SealedRecordCacheOptions"/>): what a resolve read from
/// the store, reused while the store's change counter (<see cref="ICredentialStorageChangeCounter"/>) reads the same
/// and no change notification dropped it. Holds ciphertext and wrapped keys only; every hit is still unwrapped and opened.
/// Only records that were found are kept: a miss always goes to the store.
/// </summary>
internal sealed class SealedRecordCache
{
    // The owner is "" for the organization's shared credentials (user ids are never empty).
    private readonly ConcurrentDictionary<(string Org, string Owner, string Key), Entry> _entries = new();
    private readonly ICredentialStorageChangeCounter? _counter;
    private readonly int _maxEntries;
    private long _generation;

    public SealedRecordCache(IOptions<SealedRecordCacheOptions> options, ICredentialStorage storage)
        : this(options?.Value!, storage as ICredentialStorageChangeCounter)
    {
    }

    /// <summary>Over a change counter of the caller's (tests).</summary>
    internal SealedRecordCache(SealedRecordCacheOptions settings, ICredentialStorageChangeCounter? counter)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _counter = settings.Enabled ? counter : null;
        _maxEntries = settings.MaxEntries;
    }

    /// <summary>Whether records can be reused at all: the option is on and the storage has a change counter.</summary>
    public bool Enabled => _counter is not null;

    public int Count => _entries.Count;

    /// <summary>The record read for this organization, owner and key, when nothing changed in the store since.</summary>
    public bool TryGet(string org, string? owner, string key, out ResolvableCredentialRecord record)
    {
        record = null!;
        if (_counter is null || !_entries.TryGetValue((org, owner ?? string.Empty, key), out var entry)
            || !_counter.TryReadChangeCounter(out var counter) || counter != entry.Counter)
        {
            return false;
        }

        record = entry.Record;
        return true;
    }

    /// <summary>Taken before a read of the store; <see cref="Set"/> keeps what the read found only if nothing changed since.</summary>
    public ReadMark BeginRead()
    {
        var generation = Interlocked.Read(ref _generation);
        return _counter is not null && _counter.TryReadChangeCounter(out var counter) ? new ReadMark(true, counter, generation) : default;
    }

    /// <summary>Keeps a record read after <paramref name="mark"/> was taken.</summary>
    public void Set(string org, string? owner, string key, ResolvableCredentialRecord record, ReadMark mark)
    {
        if (!mark.CanKeep)
        {
            return;
        }

        if (_entries.Count >= _maxEntries)
        {
            MakeRoom();
        }

        var entryKey = (org, owner ?? string.Empty, key);
        var entry = new Entry(record, mark.Counter);
        _entries[entryKey] = entry;
        if (Interlocked.Read(ref _generation) != mark.Generation)
        {
            // An invalidation raced with this read (a change notification, or this process's own write): do not keep it.
            _entries.TryRemove(new KeyValuePair<(string, string, string), Entry>(entryKey, entry));
        }
    }

    public void Invalidate(string org, string? owner, string key)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove((org, owner ?? string.Empty, key), out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private void MakeRoom()
    {
        // Entries read before the last change are of no use: drop them first.
        if (_counter is not null && _counter.TryReadChangeCounter(out var counter))
        {
            foreach (var pair in _entries)
            {
                if (pair.Value.Counter != counter)
                {
                    _entries.TryRemove(pair);
                }
            }
        }

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

    /// <summary>The store's state before a read: its change counter and the invalidations seen.</summary>
    internal readonly record struct ReadMark(bool CanKeep, long Counter, long Generation);

    private sealed record Entry(ResolvableCredentialRecord Record, long Counter);
}
