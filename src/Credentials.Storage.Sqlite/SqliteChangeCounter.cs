using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// A change counter for the whole store, read from the WAL index that SQLite shares between every connection of every
/// process (the <c>-shm</c> file, which SQLite itself maps into memory). Its header holds a counter that each commit
/// increments, the index of the last committed frame, the WAL's salts and checksums: any commit rewrites it, and a
/// commit is visible to readers exactly when it does (readers find committed frames through it). Reading it is a few
/// loads from shared memory: no lock, no system call.
/// </summary>
/// <remarks>
/// <para>
/// Why not the alternatives (measured or read in SQLite's source, see benchmarks/RESULTS.md): <c>PRAGMA data_version</c>
/// begins a read transaction, which in WAL mode costs the same two <c>fcntl</c> locks on the <c>-shm</c> file that make a
/// point lookup slow, so it saves little; <c>SQLITE_FCNTL_DATA_VERSION</c> only moves when a read transaction starts; the
/// file change counter at offset 24 of the database header is not incremented per transaction in WAL mode (only when a
/// checkpoint writes page 1), so it misses commits still in the WAL.
/// </para>
/// <para>
/// Correctness across processes rests on the <c>-shm</c> file being the live one: this class keeps a connection of its
/// own open on the store. A connection in WAL mode holds a shared lock on the database file for its whole life, and the
/// last connection to close deletes the <c>-wal</c> and <c>-shm</c> files only when it gets an exclusive lock, so while
/// this connection lives nobody replaces the file mapped here. The header is written twice by each commit (the second
/// copy first); a read that finds the two copies unequal is a commit under way and reports "cannot tell".
/// </para>
/// <para>
/// An in-memory store and a store read through <c>immutable=1</c> (<see cref="SqliteDatabase.IsReadOnlySnapshot"/>) have no
/// shared index: the counter then always reports "cannot tell", and nothing read is reused.
/// </para>
/// </remarks>
internal sealed class SqliteChangeCounter : IDisposable
{
    // WalIndexHdr (wal.c): iVersion, unused, iChange, isInit/bigEndCksum/szPage, mxFrame, nPage, aFrameCksum[2], aSalt[2],
    // aCksum[2]: 48 bytes, stored twice at the start of the -shm file.
    private const int HeaderSize = 48;
    private const int HeaderWords = HeaderSize / sizeof(long);
    private const int IsInitOffset = 12;
    private const long RetryMilliseconds = 1000;

    private readonly SqliteDatabase _database;
    private readonly Lock _lock = new();
    private SqliteConnection? _holder;
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private nint _header;
    private volatile bool _mapped;
    private volatile bool _disposed;
    private long _retryAt;
    private Snapshot _last = new(new long[HeaderWords], 0);
    private long _epochs;

    public SqliteChangeCounter(SqliteDatabase database)
    {
        _database = database;
    }

    /// <summary>The counter; false when it cannot be read now (not mapped yet, a commit under way, a snapshot or in-memory store).</summary>
    public bool TryRead(out long counter)
    {
        counter = 0;
        if (!_mapped)
        {
            return !_disposed && TryMap() && TryRead(out counter);
        }

        if (_database.IsReadOnlySnapshot)
        {
            return false;
        }

        Span<long> header = stackalloc long[HeaderWords];
        var address = _header;
        for (var i = 0; i < HeaderWords; i++)
        {
            header[i] = Marshal.ReadInt64(address, i * sizeof(long));
        }

        // The first copy is written last: equal copies mean no commit was writing while they were read.
        for (var i = 0; i < HeaderWords; i++)
        {
            if (Marshal.ReadInt64(address, HeaderSize + (i * sizeof(long))) != header[i])
            {
                return false;
            }
        }

        if (Marshal.ReadByte(address, IsInitOffset) == 0)
        {
            return false;
        }

        var last = Volatile.Read(ref _last);
        if (header.SequenceEqual(last.Header))
        {
            counter = last.Epoch;
            return true;
        }

        // Another header: a new epoch. Epochs are never reused, so an entry stamped with an older one never matches again.
        var next = new Snapshot(header.ToArray(), Interlocked.Increment(ref _epochs));
        Interlocked.CompareExchange(ref _last, next, last);
        counter = next.Epoch;
        return true;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _mapped = false;
            _holder?.Dispose();
            _holder = null;

            // The mapping stays (referenced by this object) and goes with it: a reader that passed the check above may
            // still be reading it, and unmapping under it would crash the process.
        }
    }

    private bool TryMap()
    {
        if (_database.Location.FilePath is not { } file || _database.IsReadOnlySnapshot || Environment.TickCount64 < Volatile.Read(ref _retryAt))
        {
            return false;
        }

        lock (_lock)
        {
            if (_mapped || _disposed)
            {
                return _mapped;
            }

            SqliteConnection? holder = null;
            try
            {
                holder = _database.Open();
                if (_database.IsReadOnlySnapshot || !IsWal(holder))
                {
                    holder.Dispose();
                    Volatile.Write(ref _retryAt, Environment.TickCount64 + RetryMilliseconds);
                    return false;
                }

                var stream = new FileStream(file + "-shm", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
                var view = map.CreateViewAccessor(0, 2 * HeaderSize, MemoryMappedFileAccess.Read);
                _header = view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)view.PointerOffset;
                (_holder, _map, _view) = (holder, map, view);
                _mapped = true;
                return true;
            }
            catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                // Not readable now (the store is busy or cannot be opened, no -shm file yet): reads are not reused; try again later.
                holder?.Dispose();
                Volatile.Write(ref _retryAt, Environment.TickCount64 + RetryMilliseconds);
                return false;
            }
        }
    }

    /// <summary>Confirms WAL mode and makes the connection read once, which opens (and from then on pins) the WAL index.</summary>
    private static bool IsWal(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        if (!string.Equals(command.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        command.CommandText = "SELECT count(*) FROM sqlite_master;";
        command.ExecuteScalar();
        return true;
    }

    private sealed record Snapshot(long[] Header, long Epoch);
}
