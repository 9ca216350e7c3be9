using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// The embedded default storage: one SQLite file in WAL mode. Every statement names the organization, every
/// change is one statement or one transaction, and connections come from Microsoft.Data.Sqlite's pool.
/// </summary>
public sealed partial class SqliteCredentialStorage : ICredentialStorage, IDisposable
{
    private const string Columns = "org_id, " + SqliteListing.Columns;

    // Extended result codes of the two uniqueness rules on credentials: (org_id, key) and (org_id, id). Any other
    // constraint failure (NOT NULL, CHECK) is a bug or a damaged record, not a taken key, and is thrown as it is.
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    internal const string SelectByKeySql = $"SELECT {Columns}, key_id, sealed FROM credentials WHERE org_id = $org AND key = $key;";
    internal const string SelectResolvableByKeySql = "SELECT id, type, key_id, sealed, version FROM credentials WHERE org_id = $org AND key = $key;";
    internal const string SelectByIdSql = $"SELECT {Columns}, key_id, sealed FROM credentials WHERE org_id = $org AND id = $id;";

    private readonly string _connectionString;
    private readonly SqliteLookupPool _lookups;

    /// <summary>Creates a storage over the given connection string (for example <c>Data Source=credentials.db</c>).</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string.</param>
    public SqliteCredentialStorage(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        _connectionString = builder.ToString();
        _lookups = new SqliteLookupPool(_connectionString);
    }

    /// <summary>Closes the connections kept open for point lookups.</summary>
    public void Dispose() => _lookups.Dispose();

    /// <inheritdoc/>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        SqliteSchema.Apply(connection);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<CredentialRecord?> FindByIdAsync(string organizationId, Guid id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Lookup(static l => l.ById, organizationId, FormatId(id)));
    }

    /// <inheritdoc/>
    public Task<CredentialRecord?> FindByKeyAsync(string organizationId, string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Lookup(static l => l.ByKey, organizationId, key));
    }

    /// <inheritdoc/>
    public Task<ResolvableCredentialRecord?> FindResolvableByKeyAsync(string organizationId, string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(WithLookup((organizationId, key), static (lookup, args) =>
            lookup.Resolve.TryRead(args.organizationId, args.key, out var record)
                ? record
                : ReadResolvable(Bind(lookup.ResolvableByKey, args.organizationId, args.key)))); // busy: ADO.NET waits with its busy timeout
    }

    private CredentialRecord? Lookup(Func<SqliteLookup, SqliteCommand> select, string organizationId, string value) =>
        WithLookup((select, organizationId, value), static (lookup, args) => ReadSingle(Bind(args.select(lookup), args.organizationId, args.value)));

    /// <summary>Runs <paramref name="read"/> on a rented lookup session (state passed through, so the hot path captures nothing).</summary>
    private T? WithLookup<TState, T>(TState state, Func<SqliteLookup, TState, T?> read)
        where T : class
    {
        var lookup = _lookups.Rent();
        try
        {
            var result = read(lookup, state);
            _lookups.Return(lookup);
            return result;
        }
        catch
        {
            // A session whose statement failed (busy past the timeout, schema change) is not trusted again.
            lookup.Dispose();
            throw;
        }
    }

    private static SqliteCommand Bind(SqliteCommand command, string organizationId, string value)
    {
        command.Parameters[0].Value = organizationId;
        command.Parameters[1].Value = value;
        return command;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CredentialMetadataRecord>> ListAsync(string organizationId, CredentialStorageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        var sql = new System.Text.StringBuilder($"SELECT {SqliteListing.Columns} FROM credentials WHERE org_id = $org");
        command.Parameters.AddWithValue("$org", organizationId);
        if (query.Category is not null)
        {
            sql.Append(" AND category = $category");
            command.Parameters.AddWithValue("$category", query.Category);
        }

        if (query.Type is not null)
        {
            sql.Append(" AND type = $type");
            command.Parameters.AddWithValue("$type", query.Type);
        }

        if (!string.IsNullOrEmpty(query.SearchText))
        {
            // instr is a plain substring test: no LIKE wildcards to escape, same answer as the in-memory provider.
            sql.Append(" AND instr(search_text, $text) > 0");
            command.Parameters.AddWithValue("$text", query.SearchText);
        }

        if (query.AfterKey is not null)
        {
            sql.Append(" AND key > $after");
            command.Parameters.AddWithValue("$after", query.AfterKey);
        }

        sql.Append(" ORDER BY key LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();

        // Sized for the page (a page is bounded by the vault's MaxPageSize), capped so a huge limit does not pre-allocate.
        var capacity = Math.Min(query.Limit, 16_384);
        var results = SqliteListing.TryRead(command, organizationId, capacity);
        if (results is null)
        {
            // Busy before the first row: the ADO.NET command waits with its busy timeout.
            results = new List<CredentialMetadataRecord>(capacity);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                results.Add(ReadMetadata(reader, organizationId, first: 0));
            }
        }

        return Task.FromResult<IReadOnlyList<CredentialMetadataRecord>>(results);
    }

    /// <inheritdoc/>
    public Task<StorageWriteResult> InsertAsync(CredentialRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"INSERT INTO credentials ({Columns}, key_id, sealed) SELECT $org, $key, $id, $name, $category, $type, $masked, $template, $search, $created, $updated, $version, $keyId, $sealed " +
            SqliteFenceSql.KeyNotRetired + ";";
        Bind(command, record);
        try
        {
            // One statement is one serializable transaction: the fence check and the insert see the same state.
            return Task.FromResult(command.ExecuteNonQuery() == 1 ? StorageWriteResult.Success : StorageWriteResult.KeyRetired);
        }
        catch (SqliteException ex) when (IsUniquenessConflict(ex))
        {
            return Task.FromResult(StorageWriteResult.KeyConflict);
        }
    }

    /// <inheritdoc/>
    public Task<StorageWriteResult> UpdateAsync(CredentialRecord record, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            UPDATE credentials SET key = $key, name = $name, category = $category, type = $type,
                masked_summary = $masked, template_id = $template, search_text = $search, created_at = $created,
                updated_at = $updated, version = $version, key_id = $keyId, sealed = $sealed
            WHERE org_id = $org AND id = $id AND version = $expected
            """ + " AND " + SqliteFenceSql.KeyNotRetiredCondition + ";";
        Bind(command, record);
        command.Parameters.AddWithValue("$expected", expectedVersion);
        try
        {
            if (command.ExecuteNonQuery() == 1)
            {
                return Task.FromResult(StorageWriteResult.Success);
            }
        }
        catch (SqliteException ex) when (IsUniquenessConflict(ex))
        {
            return Task.FromResult(StorageWriteResult.KeyConflict);
        }

        // Retirement is one-way, so a key id retired now was retired when the update was refused.
        if (IsRetired(connection, record.KeyId))
        {
            return Task.FromResult(StorageWriteResult.KeyRetired);
        }

        return Task.FromResult(Exists(connection, record.Metadata.OrganizationId, record.Metadata.Id)
            ? StorageWriteResult.VersionConflict
            : StorageWriteResult.NotFound);
    }

    /// <inheritdoc/>
    public Task<StorageWriteResult> DeleteAsync(string organizationId, Guid id, long expectedVersion, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM credentials WHERE org_id = $org AND id = $id AND version = $expected;";
        command.Parameters.AddWithValue("$org", organizationId);
        command.Parameters.AddWithValue("$id", FormatId(id));
        command.Parameters.AddWithValue("$expected", expectedVersion);
        if (command.ExecuteNonQuery() == 1)
        {
            command.CommandText = "DELETE FROM credential_assignments WHERE org_id = $org AND credential_id = $id;";
            command.ExecuteNonQuery();
            transaction.Commit();
            return Task.FromResult(StorageWriteResult.Success);
        }

        transaction.Rollback();
        return Task.FromResult(Exists(connection, organizationId, id) ? StorageWriteResult.VersionConflict : StorageWriteResult.NotFound);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, long>> CountByKeyIdAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT key_id, COUNT(*) FROM (SELECT key_id FROM credentials UNION ALL SELECT key_id FROM deleted_credentials) GROUP BY key_id;";
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return Task.FromResult<IReadOnlyDictionary<string, long>>(counts);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SealedCredentialRecord>> ListNotUnderKeyAsync(string keyId, SealedCredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = after is null ? SqliteRewrapSql.ListFirst : SqliteRewrapSql.ListAfter;
        command.Parameters.AddWithValue("$keyId", keyId);
        command.Parameters.AddWithValue("$limit", limit);
        if (after is not null)
        {
            command.Parameters.AddWithValue("$afterKeyId", after.KeyId);
            command.Parameters.AddWithValue("$org", after.OrganizationId);
            command.Parameters.AddWithValue("$key", after.Key);
        }

        var results = new List<SealedCredentialRecord>(Math.Min(limit, 4096));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            results.Add(new SealedCredentialRecord(
                reader.GetString(0),
                Guid.ParseExact(reader.GetString(1), "N"),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetString(4),
                (byte[])reader.GetValue(5)));
        }

        return Task.FromResult<IReadOnlyList<SealedCredentialRecord>>(results);
    }

    /// <inheritdoc/>
    public Task<int> ReplaceSealedAsync(IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewraps);
        cancellationToken.ThrowIfCancellationRequested();
        if (rewraps.Count == 0)
        {
            return Task.FromResult(0);
        }

        using var connection = Open();
        // One write transaction per batch: a crash leaves the whole batch applied or none of it.
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteRewrapSql.Replace;
        var org = command.Parameters.Add("$org", SqliteType.Text);
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var version = command.Parameters.Add("$version", SqliteType.Integer);
        var expectedKeyId = command.Parameters.Add("$expectedKeyId", SqliteType.Text);
        var newKeyId = command.Parameters.Add("$keyId", SqliteType.Text);
        var sealedSecret = command.Parameters.Add("$sealed", SqliteType.Blob);
        command.Prepare();

        var applied = 0;
        foreach (var rewrap in rewraps)
        {
            org.Value = rewrap.OrganizationId;
            key.Value = rewrap.Key;
            id.Value = FormatId(rewrap.Id);
            version.Value = rewrap.ExpectedVersion;
            expectedKeyId.Value = rewrap.ExpectedKeyId;
            newKeyId.Value = rewrap.KeyId;
            sealedSecret.Value = rewrap.SealedSecret;
            applied += command.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.FromResult(applied);
    }

    /// <inheritdoc/>
    public Task<byte[]?> GetSettingAsync(string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM settings WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return Task.FromResult(command.ExecuteScalar() as byte[]);
    }

    /// <inheritdoc/>
    public Task<bool> TryAddSettingAsync(string name, byte[] value, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO settings (name, value) VALUES ($name, $value) ON CONFLICT (name) DO NOTHING;";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static bool Exists(SqliteConnection connection, string organizationId, Guid id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM credentials WHERE org_id = $org AND id = $id;";
        command.Parameters.AddWithValue("$org", organizationId);
        command.Parameters.AddWithValue("$id", FormatId(id));
        return command.ExecuteScalar() is not null;
    }

    private static void Bind(SqliteCommand command, CredentialRecord record)
    {
        var m = record.Metadata;
        command.Parameters.AddWithValue("$org", m.OrganizationId);
        command.Parameters.AddWithValue("$key", m.Key);
        command.Parameters.AddWithValue("$id", FormatId(m.Id));
        command.Parameters.AddWithValue("$name", m.Name);
        command.Parameters.AddWithValue("$category", m.Category);
        command.Parameters.AddWithValue("$type", m.Type);
        command.Parameters.AddWithValue("$masked", m.MaskedSummary);
        command.Parameters.AddWithValue("$template", (object?)m.TemplateId ?? DBNull.Value);
        command.Parameters.AddWithValue("$search", m.SearchText);
        command.Parameters.AddWithValue("$created", m.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue("$updated", m.UpdatedAt.UtcTicks);
        command.Parameters.AddWithValue("$version", m.Version);
        command.Parameters.AddWithValue("$keyId", record.KeyId);
        command.Parameters.AddWithValue("$sealed", record.SealedSecret);
    }

    private static ResolvableCredentialRecord? ReadResolvable(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new ResolvableCredentialRecord(Guid.ParseExact(reader.GetString(0), "N"), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3), reader.GetInt64(4))
            : null;
    }

    private static CredentialRecord? ReadSingle(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var metadata = ReadMetadata(reader);
        return new CredentialRecord(metadata, reader.GetString(12), (byte[])reader.GetValue(13));
    }

    private static CredentialMetadataRecord ReadMetadata(SqliteDataReader reader) => ReadMetadata(reader, reader.GetString(0), first: 1);

    /// <summary>Reads the columns of <see cref="SqliteListing.Columns"/>, in that order, from column <paramref name="first"/> on.</summary>
    private static CredentialMetadataRecord ReadMetadata(SqliteDataReader reader, string organizationId, int first) => new(
        OrganizationId: organizationId,
        Id: Guid.ParseExact(reader.GetString(first + 1), "N"),
        Name: reader.GetString(first + 2),
        Key: reader.GetString(first),
        Category: reader.GetString(first + 3),
        Type: reader.GetString(first + 4),
        MaskedSummary: reader.GetString(first + 5),
        TemplateId: reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
        SearchText: reader.GetString(first + 7),
        CreatedAt: new DateTimeOffset(reader.GetInt64(first + 8), TimeSpan.Zero),
        UpdatedAt: new DateTimeOffset(reader.GetInt64(first + 9), TimeSpan.Zero),
        Version: reader.GetInt64(first + 10));

    private static string FormatId(Guid id) => id.ToString("N");

    private static bool IsUniquenessConflict(SqliteException ex) =>
        ex.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique;
}
