using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Opens every connection the storage uses (the per-call ones and the lookup sessions), so each gets the same settings:
/// the folder of a new file is created (0700 on Unix), <c>secure_delete</c> is on, and a store the process cannot write
/// is still read. Driver errors pass through as they are; <see cref="SqliteFailure"/> turns them into messages.
/// </summary>
/// <remarks>
/// <para>
/// A WAL database needs its <c>-wal</c> and <c>-shm</c> files even to be read. SQLite opens a file it cannot write
/// read-only by itself, and reads it while those two files exist or can be created in its folder. When neither holds
/// (the file and its folder are read-only: file modes for an ordinary user, the immutable attribute, a read-only mount,
/// and no process has the store open), every statement, even <c>PRAGMA user_version</c>, fails with SQLITE_CANTOPEN, and
/// <c>Mode=ReadOnly</c> fails the same way. Then the store is read with SQLite's <c>immutable=1</c>: no locks and no
/// <c>-wal</c>/<c>-shm</c>. That is sound only because the <c>-wal</c> file is absent, so the main file holds every
/// committed change; the storage checks that again on every open and goes back to normal connections as soon as a
/// <c>-wal</c> file appears (a process with write access started using the store). Until then writes fail as read-only.
/// </para>
/// </remarks>
internal sealed class SqliteDatabase
{
    private const int SqliteCantOpen = 14;

    // secure_delete: SQLite overwrites deleted content (the freed part of a page, freed pages) with zeros instead of
    // leaving it in the file until the space is reused. A purged credential's sealed envelope would otherwise stay in
    // credentials.db (and in the pages the WAL carries into it) for anyone who copies the file, long after the vault
    // said it was gone. The setting is per connection, so every connection gets it, the read-only lookups included
    // (any connection may be the one that deletes or checkpoints). It costs an extra write only where a delete or an
    // update shrinks a row.
    private const string SecureDelete = "PRAGMA secure_delete = ON;";

    // Reads the header: fails at once when the file cannot be read at all (see the remarks above), not at the first query.
    private const string Probe = "PRAGMA user_version;";

    // The native connections already set up. Microsoft.Data.Sqlite's pool hands the same handle (with its settings) out
    // again, so the two statements above run once per native connection, not on every rent (they added 8-20 µs to each
    // call, measured on a busy 2-core machine, against 25-45 µs for a pooled open and a point select).
    private static readonly ConditionalWeakTable<sqlite3, object> Prepared = new();
    private static readonly object Done = new();

    private readonly string _connectionString;
    private readonly string? _snapshotConnectionString;
    private volatile bool _snapshot;
    private int _generation;

    public SqliteDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        _connectionString = builder.ToString();
        Location = SqliteDataSourcePath.Parse(builder);
        BusyTimeoutSeconds = builder.DefaultTimeout;
        if (Location.FilePath is not null && !Location.IsImmutable)
        {
            var snapshot = new SqliteConnectionStringBuilder(_connectionString)
            {
                DataSource = Location.ImmutableDataSource(builder.DataSource),
                Mode = SqliteOpenMode.ReadOnly,
            };
            _snapshotConnectionString = snapshot.ToString();
        }
    }

    /// <summary>Where the database is.</summary>
    public SqliteDataSourcePath Location { get; }

    /// <summary>How long a statement waits for a busy database (<c>Default Timeout</c>), in seconds.</summary>
    public int BusyTimeoutSeconds { get; }

    /// <summary>The data source for messages: the full path, or what kind of database it is.</summary>
    public string Description => Location.FilePath is { } file ? $"The SQLite credential store {file}" : "The in-memory SQLite credential store";

    /// <summary>True while the store is read through <c>immutable=1</c> because it cannot be read otherwise (see the remarks).</summary>
    public bool IsReadOnlySnapshot => _snapshot;

    /// <summary>Changes whenever <see cref="IsReadOnlySnapshot"/> does: connections opened under another generation are stale.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>The <c>-wal</c> file beside the database.</summary>
    public string? WalPath => Location.FilePath is { } file ? file + "-wal" : null;

    /// <summary>Opens a connection with the storage's settings.</summary>
    public SqliteConnection Open()
    {
        if (_snapshot)
        {
            if (!File.Exists(WalPath))
            {
                return OpenWith(_snapshotConnectionString!, createFolder: false);
            }

            SetSnapshot(false);
        }

        try
        {
            return OpenWith(_connectionString, Location.CanCreate);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteCantOpen && CanReadAsSnapshot())
        {
            var connection = TryOpenSnapshot();
            if (connection is null)
            {
                throw;
            }

            SetSnapshot(true);
            return connection;
        }
    }

    /// <summary>
    /// Leaves the snapshot when a <c>-wal</c> file has appeared. For the lookup sessions, which are long-lived: their pool
    /// calls it on every rent while <see cref="IsReadOnlySnapshot"/> holds, and drops sessions of an older
    /// <see cref="Generation"/>.
    /// </summary>
    public void RefreshSnapshot()
    {
        if (_snapshot && File.Exists(WalPath))
        {
            SetSnapshot(false);
        }
    }

    private bool CanReadAsSnapshot() =>
        _snapshotConnectionString is not null && File.Exists(Location.FilePath) && !File.Exists(WalPath);

    private SqliteConnection? TryOpenSnapshot()
    {
        try
        {
            return OpenWith(_snapshotConnectionString!, createFolder: false);
        }
        catch (SqliteException)
        {
            // Not readable either (the file itself is unreadable or damaged): the caller reports the first error.
            return null;
        }
    }

    private void SetSnapshot(bool value)
    {
        if (_snapshot != value)
        {
            _snapshot = value;
            Interlocked.Increment(ref _generation);
        }
    }

    private SqliteConnection OpenWith(string connectionString, bool createFolder)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            Open(connection, createFolder);
            var handle = connection.Handle!;
            if (!Prepared.TryGetValue(handle, out _))
            {
                using var setup = connection.CreateCommand();
                setup.CommandText = SecureDelete;
                setup.ExecuteNonQuery();
                setup.CommandText = Probe;
                setup.ExecuteScalar();
                Prepared.AddOrUpdate(handle, Done);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Open(SqliteConnection connection, bool createFolder)
    {
        try
        {
            connection.Open();
        }
        catch (SqliteException ex) when (createFolder && ex.SqliteErrorCode == SqliteCantOpen
            && Path.GetDirectoryName(Location.FilePath) is { Length: > 0 } folder && !Directory.Exists(folder))
        {
            // SQLite creates the file but not its folder ("Data Source=data/credentials.db" on a fresh machine).
            CreateFolder(folder);
            connection.Open();
        }
    }

    private static void CreateFolder(string folder)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                CreatePrivateFolder(folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialStorageException(
                $"The SQLite credential store cannot be created: its folder {folder} does not exist and creating it failed ({ex.GetType().Name}: {ex.Message}). " +
                "Create the folder (or fix the path in the connection string) and give the process write access to it.",
                isTransient: false,
                ex);
        }
    }

    // Only the owner may list or enter the folders that hold the credential store. Directory.CreateDirectory(path, mode)
    // gives the mode to the last folder only (parents get the default), so each missing level is created on its own.
    [UnsupportedOSPlatform("windows")]
    private static void CreatePrivateFolder(string folder)
    {
        var missing = new Stack<string>();
        for (var level = folder; !string.IsNullOrEmpty(level) && !Directory.Exists(level); level = Path.GetDirectoryName(level))
        {
            missing.Push(level);
        }

        while (missing.TryPop(out var level))
        {
            Directory.CreateDirectory(level, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
