using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Open connections with the two point lookups (by key, by id) prepared once. Resolving a credential is the hot path:
/// renting a session skips the pool handshake and the statement compile that a fresh command pays on every call.
/// In WAL mode each statement reads the latest committed state, so a long-lived connection sees every write.
/// </summary>
internal sealed class SqliteLookupPool(SqliteDatabase database) : IDisposable
{
    // Enough for the threads that resolve at once on a small machine; extra sessions are closed on return.
    private const int MaxIdle = 16;

    private readonly ConcurrentBag<SqliteLookup> _idle = [];
    private volatile bool _disposed;

    public SqliteLookup Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (database.IsReadOnlySnapshot)
        {
            // Sessions on an immutable=1 snapshot must not outlive it: a -wal file means another process writes now.
            database.RefreshSnapshot();
        }

        var generation = database.Generation;
        while (_idle.TryTake(out var lookup))
        {
            if (lookup.Generation == generation)
            {
                return lookup;
            }

            lookup.Dispose();
        }

        return new SqliteLookup(database);
    }

    public void Return(SqliteLookup lookup)
    {
        if (_disposed || _idle.Count >= MaxIdle)
        {
            lookup.Dispose();
            return;
        }

        _idle.Add(lookup);
        if (_disposed && _idle.TryTake(out var late))
        {
            late.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var lookup))
        {
            lookup.Dispose();
        }
    }
}
