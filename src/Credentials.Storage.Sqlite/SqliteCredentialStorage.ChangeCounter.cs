using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// The change counter: <c>PRAGMA data_version</c> on one connection kept open for it. SQLite changes that number on a
/// connection whenever another connection (of this process or another) commits, and reading it touches no table, so
/// polling it every second costs a few microseconds. The connection never writes, so its own commits cannot hide one.
/// </summary>
public sealed partial class SqliteCredentialStorage : ICredentialStorageChangeCounter
{
    private readonly Lock _counterLock = new();
    private SqliteConnection? _counterConnection;
    private SqliteCommand? _dataVersion;
    private int _counterGeneration;
    private long _lastDataVersion;
    private long _changeCounter;

    /// <inheritdoc/>
    public ValueTask<long> GetChangeCounterAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_counterLock)
        {
            try
            {
                if (_database.IsReadOnlySnapshot)
                {
                    _database.RefreshSnapshot(); // a writer appeared: leave the immutable snapshot (a new generation)
                }

                if (_dataVersion is null || _counterGeneration != _database.Generation)
                {
                    // Another connection's data_version is not comparable with the old one: count a possible change.
                    CloseCounterConnection();
                    _counterGeneration = _database.Generation;
                    _counterConnection = Open();
                    _dataVersion = _counterConnection.CreateCommand();
                    _dataVersion.CommandText = "PRAGMA data_version;";
                    _lastDataVersion = (long)_dataVersion.ExecuteScalar()!;
                    _changeCounter++;
                    return ValueTask.FromResult(_changeCounter);
                }

                var version = (long)_dataVersion.ExecuteScalar()!;
                if (version != _lastDataVersion)
                {
                    _lastDataVersion = version;
                    _changeCounter++;
                }

                return ValueTask.FromResult(_changeCounter);
            }
            catch (SqliteException ex)
            {
                CloseCounterConnection(); // reopened (and counted as a change) by the next call
                throw Failure(ex);
            }
        }
    }

    private void DisposeChangeCounter()
    {
        lock (_counterLock)
        {
            CloseCounterConnection();
        }
    }

    private void CloseCounterConnection()
    {
        _dataVersion?.Dispose();
        _dataVersion = null;
        _counterConnection?.Dispose();
        _counterConnection = null;
    }
}
