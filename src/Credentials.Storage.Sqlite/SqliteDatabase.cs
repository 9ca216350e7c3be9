using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Opens every connection the storage uses (the per-call ones and the lookup sessions), so each gets the same settings:
/// the folder of a new file is created (0700 on Unix). Driver errors pass through as they are; <see cref="SqliteFailure"/>
/// turns them into messages.
/// </summary>
internal sealed class SqliteDatabase
{
    private const int SqliteCantOpen = 14;

    private readonly string _connectionString;

    public SqliteDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        _connectionString = builder.ToString();
        Location = SqliteDataSourcePath.Parse(builder);
        BusyTimeoutSeconds = builder.DefaultTimeout;
    }

    /// <summary>Where the database is.</summary>
    public SqliteDataSourcePath Location { get; }

    /// <summary>How long a statement waits for a busy database (<c>Default Timeout</c>), in seconds.</summary>
    public int BusyTimeoutSeconds { get; }

    /// <summary>The data source for messages: the full path, or what kind of database it is.</summary>
    public string Description => Location.FilePath is { } file ? $"The SQLite credential store {file}" : "The in-memory SQLite credential store";

    /// <summary>Opens a connection with the storage's settings.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            Open(connection, Location.CanCreate);
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
