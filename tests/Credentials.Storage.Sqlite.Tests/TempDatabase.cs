using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>A database file in a temporary directory of its own, deleted (with its -wal and -shm) on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-sqlite-tests-").FullName;

    /// <summary>The database file (it does not exist until something opens it).</summary>
    public string FilePath => Path.Combine(_directory, "x.db");

    /// <summary>The write-ahead log beside the database.</summary>
    public string WalPath => FilePath + "-wal";

    /// <summary>The shared-memory index beside the database.</summary>
    public string ShmPath => FilePath + "-shm";

    /// <summary>A connection string for the file.</summary>
    public string ConnectionString => "Data Source=" + FilePath;

    /// <summary>Opens a connection of the test's own, outside any provider.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Runs one statement on a connection of the test's own and returns the first column of the first row.</summary>
    public object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Closes the pooled connections (as a process exit would) so the files can be deleted.</summary>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
