using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>One open connection with the point lookups prepared on it. Used by one caller at a time.</summary>
internal sealed class SqliteLookup : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteLookup(SqliteDatabase database)
    {
        // Opened as every connection of the storage is: secure_delete on, the read-only fallback (SqliteDatabase).
        _connection = database.Open();
        Generation = database.Generation;
        using (var pragma = _connection.CreateCommand())
        {
            // Point lookups read through a shared memory map instead of copying pages into each connection's cache:
            // fewer copies, and the OS page cache is shared by every lookup connection (and process). The map may
            // cover up to SQLite's default limit (0x7FFF0000, just under 2 GiB) so a million credentials (~520 MB)
            // fit whole: with a 256 MiB map the far half of such a file was read with a system call per page miss.
            // It is address space, not memory: only pages that are read are mapped in.
            pragma.CommandText = "PRAGMA mmap_size = 2147418112;";
            pragma.ExecuteNonQuery();
        }

        ByKey = Prepare(SqliteCredentialStorage.SelectByKeySql, "$owner", "$key");
        ById = Prepare(SqliteCredentialStorage.SelectByIdSql, "$id");
        ResolvableByKey = Prepare(SqliteCredentialStorage.SelectResolvableByKeySql, "$owner", "$key");
        Resolve = new SqliteResolveStatement(_connection);
    }

    /// <summary>The <see cref="SqliteDatabase.Generation"/> the connection was opened under.</summary>
    public int Generation { get; }

    /// <summary>The resolve lookup driven directly; <see cref="ResolvableByKey"/> is its fallback when SQLite is busy.</summary>
    public SqliteResolveStatement Resolve { get; }

    /// <summary>Selects what resolving needs by <c>$org</c>, <c>$owner</c> and <c>$key</c>.</summary>
    public SqliteCommand ResolvableByKey { get; }

    /// <summary>Selects a credential by <c>$org</c>, <c>$owner</c> and <c>$key</c>.</summary>
    public SqliteCommand ByKey { get; }

    /// <summary>Selects a credential by <c>$org</c> and <c>$id</c>.</summary>
    public SqliteCommand ById { get; }

    public void Dispose()
    {
        ByKey.Dispose();
        ById.Dispose();
        ResolvableByKey.Dispose();
        Resolve.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter("$org", SqliteType.Text));
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new SqliteParameter(parameter, SqliteType.Text));
        }

        command.Prepare();
        return command;
    }
}
