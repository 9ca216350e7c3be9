using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// The embedded default storage: one SQLite file in WAL mode. Every statement names the organization, every
/// change is one statement or one transaction, and connections come from Microsoft.Data.Sqlite's pool.
/// </summary>
public sealed partial class SqliteCredentialStorage : ICredentialStorage, ICredentialStorageChangeCounter, IDisposable
{
    private const string Columns = "org_id, " + SqliteListing.Columns;

    // Extended result codes of the two uniqueness rules on credentials: (org_id, key) and (org_id, id). Any other
    // constraint failure (NOT NULL, CHECK) is a bug or a damaged record, not a taken key, and is thrown as it is.
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    // Positions after the metadata columns of "SELECT {Columns}, key_id, sealed" and "SELECT {Columns}, deleted_at".
    private const int KeyIdColumn = 15;
    private const int SealedColumn = 16;
    private const int DeletedAtColumn = 15;

    // (org_id, owner_user_id, key) is the primary key: each of these is one point read.
    internal const string SelectByKeySql = $"SELECT {Columns}, key_id, sealed FROM credentials WHERE org_id = $org AND owner_user_id = $owner AND key = $key;";
    internal const string SelectResolvableByKeySql = "SELECT id, type, key_id, sealed, version FROM credentials WHERE org_id = $org AND owner_user_id = $owner AND key = $key;";
    internal const string SelectByIdSql = $"SELECT {Columns}, key_id, sealed FROM credentials WHERE org_id = $org AND id = $id;";

    /// <summary>The parameters of <see cref="InsertSql"/> and <see cref="UpdateSql"/>, in the order <see cref="BindWrite"/> sets them.</summary>
    internal static readonly string[] WriteParameters =
        ["$org", "$key", "$id", "$name", "$category", "$type", "$masked", "$template", "$search", "$created", "$updated", "$version", "$owner", "$expires", "$keyId", "$sealed"];

    internal const string InsertSql =
        $"INSERT INTO credentials ({Columns}, key_id, sealed) SELECT $org, $key, $id, $name, $category, $type, $masked, $template, $search, $created, $updated, $version, $owner, $expires, NULL, $keyId, $sealed " +
        SqliteFenceSql.KeyNotRetired + ";";

    // The owner never changes ($owner is bound but not used); last_used_at is written only by UpdateLastUsedAsync.
    internal const string UpdateSql =
        """
        UPDATE credentials SET key = $key, name = $name, category = $category, type = $type,
            masked_summary = $masked, template_id = $template, search_text = $search, created_at = $created,
            updated_at = $updated, version = $version, expires_at = $expires, key_id = $keyId, sealed = $sealed
        WHERE org_id = $org AND id = $id AND version = $expected
        """ + " AND " + SqliteFenceSql.KeyNotRetiredCondition + ";";

    /// <summary>
    /// <see cref="UpdateSql"/> for the common case, a write that keeps the key and the key id: it leaves both out of its SET
    /// list. In a WITHOUT ROWID table, setting the primary key's <c>key</c> (even to the same value) moves the row, and
    /// SQLite then rewrites its entries in every index as well: measured, 6 WAL pages per update instead of 4. Matching
    /// <c>key</c> and <c>key_id</c> in the WHERE clause keeps it exact: when another writer changed either (a rename, a
    /// rewrap), it updates nothing and <see cref="UpdateSql"/> runs.
    /// </summary>
    internal const string UpdateInPlaceSql =
        """
        UPDATE credentials SET name = $name, category = $category, type = $type,
            masked_summary = $masked, template_id = $template, search_text = $search, created_at = $created,
            updated_at = $updated, version = $version, expires_at = $expires, sealed = $sealed
        WHERE org_id = $org AND id = $id AND version = $expected AND key = $key AND key_id = $keyId
        """ + " AND " + SqliteFenceSql.KeyNotRetiredCondition + ";";

    private readonly SqliteDatabase _database;
    private readonly SqliteLookupPool _lookups;
    private readonly SqliteChangeCounter _changes;

    /// <summary>Creates a storage over the given connection string (for example <c>Data Source=credentials.db</c>).</summary>
    /// <param name="connectionString">
    /// A Microsoft.Data.Sqlite connection string. A missing folder of the file is created on first use (mode 0700 on
    /// Unix). A store the process can read but not write opens for reading when its schema is current; writes then fail
    /// with <see cref="CredentialStorageException"/>.
    /// </param>
    /// <remarks>
    /// Every connection runs with <c>PRAGMA secure_delete = ON</c>, so what a delete or a purge removes is overwritten in
    /// the file instead of lingering in free space. Pages written before a delete can still sit in the <c>-wal</c> file
    /// until a checkpoint (<c>PRAGMA wal_checkpoint(TRUNCATE)</c>) empties it.
    /// </remarks>
    public SqliteCredentialStorage(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _database = new SqliteDatabase(connectionString);
        _lookups = new SqliteLookupPool(_database);
        _changes = new SqliteChangeCounter(_database);
    }

    /// <summary>Closes the connections kept open for point lookups and writes, and the one that pins the change counter.</summary>
    public void Dispose()
    {
        _lookups.Dispose();
        _changes.Dispose();
    }

    /// <summary>
    /// Reads a counter that changes with every commit to the file, by any connection of any process (SQLite's WAL index
    /// header, read from shared memory: no lock, no system call). False for an in-memory store, a store read through
    /// <c>immutable=1</c>, and while a commit is being written.
    /// </summary>
    /// <param name="counter">The counter, when the method returns true.</param>
    /// <returns>Whether the counter could be read.</returns>
    public bool TryReadChangeCounter(out long counter) => _changes.TryRead(out counter);

    /// <inheritdoc/>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            SqliteSchema.Apply(connection, _database);
            return Task.CompletedTask;
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<CredentialRecord?> FindByIdAsync(string organizationId, Guid id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult(Lookup(static l => l.ById, organizationId, FormatId(id)));
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<CredentialRecord?> FindByKeyAsync(string organizationId, string? ownerUserId, string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult(WithLookup((organizationId, ownerUserId, key), static (lookup, args) =>
                ReadSingle(Bind(lookup.ByKey, args.organizationId, args.ownerUserId, args.key))));
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<ResolvableCredentialRecord?> FindResolvableByKeyAsync(string organizationId, string? ownerUserId, string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult(WithLookup((organizationId, ownerUserId, key), static (lookup, args) =>
                lookup.Resolve.TryRead(args.organizationId, args.ownerUserId, args.key, out var record)
                    ? record
                    : ReadResolvable(Bind(lookup.ResolvableByKey, args.organizationId, args.ownerUserId, args.key), args.key))); // busy: ADO.NET waits with its busy timeout
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <summary>Like <see cref="WithLookup"/>, for a write that returns an outcome.</summary>
    private StorageWriteResult WithSession<TState>(TState state, Func<SqliteLookup, TState, StorageWriteResult> write)
    {
        var session = _lookups.Rent();
        try
        {
            var result = write(session, state);
            _lookups.Return(session);
            return result;
        }
        catch
        {
            session.Dispose();
            throw;
        }
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

    private static SqliteCommand Bind(SqliteCommand command, string organizationId, string? ownerUserId, string key)
    {
        command.Parameters[0].Value = organizationId;
        command.Parameters[1].Value = ownerUserId ?? string.Empty;
        command.Parameters[2].Value = key;
        return command;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CredentialMetadataRecord>> ListAsync(string organizationId, CredentialStorageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            var sql = new System.Text.StringBuilder($"SELECT {SqliteListing.Columns} FROM credentials WHERE org_id = $org");
            command.Parameters.AddWithValue("$org", organizationId);
            if (!query.AllOwners)
            {
                sql.Append(" AND owner_user_id = $owner");
                command.Parameters.AddWithValue("$owner", query.OwnerUserId ?? string.Empty);
            }
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

            if (query.AfterKey is not null && query.AllOwners)
            {
                sql.Append(" AND (key, owner_user_id) > ($after, $afterOwner)");
                command.Parameters.AddWithValue("$after", query.AfterKey);
                command.Parameters.AddWithValue("$afterOwner", query.AfterOwnerUserId ?? string.Empty);
            }
            else if (query.AfterKey is not null)
            {
                sql.Append(" AND key > $after");
                command.Parameters.AddWithValue("$after", query.AfterKey);
            }

            sql.Append(query.AllOwners ? " ORDER BY key, owner_user_id LIMIT $limit;" : " ORDER BY key LIMIT $limit;");
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
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<StorageWriteResult> InsertAsync(CredentialRecord record, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult(WithSession((record, audit), static (session, args) =>
            {
                var (record, audit) = args;
                // With an audit record, BEGIN IMMEDIATE: the fence check, the insert and the append see one state and commit
                // together (SQLite's single writer also serializes every chain). Without one, the statement is its own
                // transaction, which sees the fence and the insert in one state as well.
                using var transaction = audit is null ? null : session.Connection.BeginTransaction(deferred: false);
                var command = BindWrite(session.Insert, record);
                command.Transaction = transaction;
                try
                {
                    if (command.ExecuteNonQuery() != 1)
                    {
                        return StorageWriteResult.KeyRetired;
                    }
                }
                catch (SqliteException ex) when (IsUniquenessConflict(ex))
                {
                    return StorageWriteResult.KeyConflict;
                }

                Commit(session, transaction, audit);
                return StorageWriteResult.Success;
            }));
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<StorageWriteResult> UpdateAsync(CredentialRecord record, long expectedVersion, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult(WithSession((record, expectedVersion, audit), static (session, args) =>
            {
                var (record, expectedVersion, audit) = args;
                var connection = session.Connection;
                using var transaction = audit is null ? null : connection.BeginTransaction(deferred: false);
                try
                {
                    if (Update(session.UpdateInPlace, record, expectedVersion, transaction) == 1
                        || Update(session.Update, record, expectedVersion, transaction) == 1)
                    {
                        Commit(session, transaction, audit);
                        return StorageWriteResult.Success;
                    }
                }
                catch (SqliteException ex) when (IsUniquenessConflict(ex))
                {
                    return StorageWriteResult.KeyConflict;
                }

                // Retirement is one-way, so a key id retired now was retired when the update was refused.
                transaction?.Rollback();
                if (IsRetired(connection, record.KeyId))
                {
                    return StorageWriteResult.KeyRetired;
                }

                return Exists(connection, record.Metadata.OrganizationId, record.Metadata.Id)
                    ? StorageWriteResult.VersionConflict
                    : StorageWriteResult.NotFound;
            }));
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<StorageWriteResult> DeleteAsync(string organizationId, Guid id, long expectedVersion, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
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
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    private static int Update(SqliteCommand update, CredentialRecord record, long expectedVersion, SqliteTransaction? transaction)
    {
        var command = BindWrite(update, record);
        command.Transaction = transaction;
        command.Parameters[WriteParameters.Length].Value = expectedVersion;
        return command.ExecuteNonQuery();
    }

    private SqliteConnection Open() => _database.Open();

    /// <summary>What the caller gets for a driver error: the store's path, what happened, what to do, and the error inside.</summary>
    private CredentialStorageException Failure(SqliteException exception) => SqliteFailure.Map(exception, _database);

    private static bool Exists(SqliteConnection connection, string organizationId, Guid id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM credentials WHERE org_id = $org AND id = $id;";
        command.Parameters.AddWithValue("$org", organizationId);
        command.Parameters.AddWithValue("$id", FormatId(id));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>Sets the parameters of a prepared write, in the order of <see cref="WriteParameters"/>.</summary>
    private static SqliteCommand BindWrite(SqliteCommand command, CredentialRecord record)
    {
        var m = record.Metadata;
        var p = command.Parameters;
        p[0].Value = m.OrganizationId;
        p[1].Value = m.Key;
        p[2].Value = FormatId(m.Id);
        p[3].Value = m.Name;
        p[4].Value = m.Category;
        p[5].Value = m.Type;
        p[6].Value = m.MaskedSummary;
        p[7].Value = (object?)m.TemplateId ?? DBNull.Value;
        p[8].Value = m.SearchText;
        p[9].Value = m.CreatedAt.UtcTicks;
        p[10].Value = m.UpdatedAt.UtcTicks;
        p[11].Value = m.Version;
        p[12].Value = m.OwnerUserId ?? string.Empty;
        p[13].Value = (object?)m.ExpiresAt?.UtcTicks ?? DBNull.Value;
        p[14].Value = record.KeyId;
        p[15].Value = record.SealedSecret;
        return command;
    }

    private static ResolvableCredentialRecord? ReadResolvable(SqliteCommand command, string key)
    {
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new ResolvableCredentialRecord(SqliteIds.Parse(reader.GetString(0), key), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3), reader.GetInt64(4))
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
        return new CredentialRecord(metadata, reader.GetString(KeyIdColumn), (byte[])reader.GetValue(SealedColumn));
    }

    private static CredentialMetadataRecord ReadMetadata(SqliteDataReader reader) => ReadMetadata(reader, reader.GetString(0), first: 1);

    /// <summary>Reads the columns of <see cref="SqliteListing.Columns"/>, in that order, from column <paramref name="first"/> on.</summary>
    private static CredentialMetadataRecord ReadMetadata(SqliteDataReader reader, string organizationId, int first) => new(
        OrganizationId: organizationId,
        Id: SqliteIds.Parse(reader.GetString(first + 1), reader.GetString(first)),
        Name: reader.GetString(first + 2),
        Key: reader.GetString(first),
        Category: reader.GetString(first + 3),
        Type: reader.GetString(first + 4),
        MaskedSummary: reader.GetString(first + 5),
        TemplateId: reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
        SearchText: reader.GetString(first + 7),
        CreatedAt: new DateTimeOffset(reader.GetInt64(first + 8), TimeSpan.Zero),
        UpdatedAt: new DateTimeOffset(reader.GetInt64(first + 9), TimeSpan.Zero),
        Version: reader.GetInt64(first + 10))
    {
        OwnerUserId = OwnerOrNull(reader.GetString(first + 11)),
        ExpiresAt = reader.IsDBNull(first + 12) ? null : new DateTimeOffset(reader.GetInt64(first + 12), TimeSpan.Zero),
        LastUsedAt = reader.IsDBNull(first + 13) ? null : new DateTimeOffset(reader.GetInt64(first + 13), TimeSpan.Zero),
    };

    /// <summary>The owner column stores the organization's shared credentials as the empty string (user ids are never empty).</summary>
    private static string? OwnerOrNull(string owner) => owner.Length == 0 ? null : owner;

    private static string FormatId(Guid id) => id.ToString("N");

    private static bool IsUniquenessConflict(SqliteException ex) =>
        ex.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique;
}
