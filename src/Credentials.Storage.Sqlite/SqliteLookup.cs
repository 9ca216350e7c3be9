using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// One open connection with the point lookups prepared on it, and the two writes of a credential (insert, update) prepared
/// on first use. Used by one caller at a time.
/// </summary>
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

    private SqliteCommand? _insert;
    private SqliteCommand? _update;
    private SqliteCommand? _updateInPlace;
    private SqliteCommand? _auditHead;
    private SqliteCommand? _auditAppend;

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

    /// <summary>The connection, for the follow-up reads of a write that changed nothing.</summary>
    public SqliteConnection Connection => _connection;

    /// <summary>
    /// Inserts a credential (<see cref="SqliteCredentialStorage.InsertSql"/>), parameters in the order of
    /// <see cref="SqliteCredentialStorage.WriteParameters"/>. Prepared once per session: compiling this statement cost more
    /// than executing it (40-100 µs of a create on the benchmark machine).
    /// </summary>
    public SqliteCommand Insert => _insert ??= PrepareWrite(SqliteCredentialStorage.InsertSql);

    /// <summary>Updates a credential (<see cref="SqliteCredentialStorage.UpdateSql"/>): the write parameters, then <c>$expected</c>.</summary>
    public SqliteCommand Update => _update ??= PrepareWrite(SqliteCredentialStorage.UpdateSql, "$expected");

    /// <summary>The same update when it keeps the key and key id (<see cref="SqliteCredentialStorage.UpdateInPlaceSql"/>), tried first.</summary>
    public SqliteCommand UpdateInPlace => _updateInPlace ??= PrepareWrite(SqliteCredentialStorage.UpdateInPlaceSql, "$expected");

    /// <summary>Reads an audit chain's head (<see cref="SqliteCredentialStorage.AuditHeadSql"/>), for the writes above.</summary>
    public SqliteCommand AuditHead => _auditHead ??= Prepare(SqliteCredentialStorage.AuditHeadSql);

    /// <summary>Appends an audit record and moves its chain's head (<see cref="SqliteCredentialStorage.AuditAppendSql"/>).</summary>
    public SqliteCommand AuditAppend => _auditAppend ??= PrepareWith(SqliteCredentialStorage.AuditAppendSql, SqliteCredentialStorage.AuditParameters);

    public void Dispose()
    {
        _insert?.Dispose();
        _update?.Dispose();
        _updateInPlace?.Dispose();
        _auditHead?.Dispose();
        _auditAppend?.Dispose();
        ByKey.Dispose();
        ById.Dispose();
        ResolvableByKey.Dispose();
        Resolve.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand PrepareWrite(string sql, params string[] extra) => PrepareWith(sql, [.. SqliteCredentialStorage.WriteParameters, .. extra]);

    private SqliteCommand PrepareWith(string sql, string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = parameter, Value = DBNull.Value });
        }

        command.Prepare();
        return command;
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
