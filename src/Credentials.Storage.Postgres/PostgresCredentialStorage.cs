using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Credentials in PostgreSQL, for hosts that run on more than one machine. Every statement on credentials names the
/// organization; each change is one statement (or one transaction); conflicts come back as
/// <see cref="StorageWriteResult"/> values, and every Npgsql failure (refused or broken connection, timeout, server
/// shutdown, refused login, missing privilege) as a <see cref="CredentialStorageException"/> naming the host, port,
/// database and schema, never the connection string. Other instances' changes are announced through LISTEN/NOTIFY
/// (<see cref="ICredentialStorageNotifications"/>).
/// </summary>
public sealed partial class PostgresCredentialStorage : ICredentialStorage, ICredentialStorageNotifications, ICredentialStorageChangeCounter, IAsyncDisposable, IDisposable
{
    private const string UniqueViolation = "23505";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgresStatements _sql;
    private readonly PostgresFailure _failure;
    private readonly ILogger _logger;
    private PostgresChangeListener? _listener;
    private int _disposed;

    /// <summary>Creates a storage on the host's data source (connection pool), which it uses but does not dispose.</summary>
    /// <param name="dataSource">The data source, for example the one the host registered for its own tables.</param>
    /// <param name="schema">The schema of the vault's tables (created when absent).</param>
    /// <param name="loggerFactory">Logs of the change listener; none when null.</param>
    /// <exception cref="ArgumentException">The schema name is not 1 to 50 of [a-z0-9_] starting with a letter or '_'.</exception>
    public PostgresCredentialStorage(NpgsqlDataSource dataSource, string schema = PostgresStorageOptions.DefaultSchema, ILoggerFactory? loggerFactory = null)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), ownsDataSource: false, schema, loggerFactory)
    {
    }

    /// <summary>Creates a storage with a data source of its own, built from a connection string and disposed with the storage.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="schema">The schema of the vault's tables (created when absent).</param>
    /// <param name="loggerFactory">Logs of the data source and the change listener; none when null.</param>
    /// <exception cref="ArgumentException">The connection string is empty or not valid, or the schema name is not valid.</exception>
    public PostgresCredentialStorage(string connectionString, string schema = PostgresStorageOptions.DefaultSchema, ILoggerFactory? loggerFactory = null)
        : this(BuildDataSource(connectionString, loggerFactory), ownsDataSource: true, schema, loggerFactory)
    {
    }

    private PostgresCredentialStorage(NpgsqlDataSource dataSource, bool ownsDataSource, string schema, ILoggerFactory? loggerFactory)
    {
        if (!PostgresStorageOptionsValidator.IsValidSchema(schema))
        {
            if (ownsDataSource)
            {
                dataSource.Dispose();
            }

            throw new ArgumentException(
                $"The schema name must be 1 to {PostgresStorageOptions.MaxSchemaLength} lower-case letters, digits or '_', starting with a letter or '_'.", nameof(schema));
        }

        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _sql = new PostgresStatements(schema);
        _failure = new PostgresFailure(dataSource, schema);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Storage.Postgres");
    }

    /// <summary>The schema that holds the vault's tables.</summary>
    public string Schema => _sql.Schema;

    /// <summary>
    /// Whether <see cref="SubscribeAsync"/> listens for changes (the default). When false it returns at once and never calls
    /// back: set it where LISTEN cannot work, such as behind a pooler in transaction mode.
    /// </summary>
    public bool ListenForChanges { get; init; } = true;

    /// <summary>How long the listening connection may stay silent before it is pinged (internal: tests shorten it).</summary>
    internal TimeSpan ListenerIdleCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The data source in use (internal: tests check which one).</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>The change listener, once something subscribed (internal: tests cut its connection).</summary>
    internal PostgresChangeListener? Listener => Volatile.Read(ref _listener);

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await PostgresSchema.ApplyAsync(_dataSource, _sql, _failure, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<CredentialRecord?> FindByIdAsync(string organizationId, Guid id, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.FindById);
            command.Parameters.Add(Text(organizationId));
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<CredentialRecord?> FindByKeyAsync(string organizationId, string? ownerUserId, string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.FindByKey);
            command.Parameters.Add(Text(organizationId));
            command.Parameters.Add(Text(ownerUserId ?? string.Empty));
            command.Parameters.Add(Text(key));
            return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<ResolvableCredentialRecord?> FindResolvableByKeyAsync(string organizationId, string? ownerUserId, string key, CancellationToken cancellationToken = default)
    {
        try
        {
            // The resolve path: only the columns the envelope is bound to, and the envelope.
            await using var command = _dataSource.CreateCommand(_sql.FindResolvableByKey);
            command.Parameters.Add(Text(organizationId));
            command.Parameters.Add(Text(ownerUserId ?? string.Empty));
            command.Parameters.Add(Text(key));
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new ResolvableCredentialRecord(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3), reader.GetInt64(4))
                : null;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CredentialMetadataRecord>> ListAsync(string organizationId, CredentialStorageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            await using var command = _dataSource.CreateCommand();
            var sql = new System.Text.StringBuilder(_sql.ListPrefix);
            command.Parameters.Add(Text(organizationId));
            if (!query.AllOwners)
            {
                command.Parameters.Add(Text(query.OwnerUserId ?? string.Empty));
                sql.Append(" AND owner_user_id = $").Append(command.Parameters.Count);
            }
            if (query.Category is not null)
            {
                command.Parameters.Add(Text(query.Category));
                sql.Append(" AND category = $").Append(command.Parameters.Count);
            }

            if (query.Type is not null)
            {
                command.Parameters.Add(Text(query.Type));
                sql.Append(" AND type = $").Append(command.Parameters.Count);
            }

            if (!string.IsNullOrEmpty(query.SearchText))
            {
                // strpos is a plain substring test (no LIKE wildcards to escape), byte-wise under the "C" collation.
                command.Parameters.Add(Text(query.SearchText));
                sql.Append(" AND strpos(search_text, $").Append(command.Parameters.Count).Append(") > 0");
            }

            if (query.AfterKey is not null && query.AllOwners)
            {
                command.Parameters.Add(Text(query.AfterKey));
                command.Parameters.Add(Text(query.AfterOwnerUserId ?? string.Empty));
                sql.Append(" AND (key, owner_user_id) > ($").Append(command.Parameters.Count - 1).Append(", $").Append(command.Parameters.Count).Append(')');
            }
            else if (query.AfterKey is not null)
            {
                command.Parameters.Add(Text(query.AfterKey));
                sql.Append(" AND key > $").Append(command.Parameters.Count);
            }

            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
            sql.Append(query.AllOwners ? " ORDER BY key, owner_user_id LIMIT $" : " ORDER BY key LIMIT $").Append(command.Parameters.Count);
            command.CommandText = sql.ToString();

            var results = new List<CredentialMetadataRecord>(Math.Min(query.Limit, 1024));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                results.Add(ReadMetadata(reader));
            }

            return results;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public Task<StorageWriteResult> InsertAsync(CredentialRecord record, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return MapFailuresAsync(InsertFencedAsync(record, audit, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<StorageWriteResult> UpdateAsync(CredentialRecord record, long expectedVersion, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return MapFailuresAsync(UpdateFencedAsync(record, expectedVersion, audit, cancellationToken));
    }

    /// <inheritdoc/>
    public async Task<StorageWriteResult> DeleteAsync(string organizationId, Guid id, long expectedVersion, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var command = new NpgsqlCommand(_sql.Delete, connection, transaction);
                command.Parameters.Add(Text(organizationId));
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    // After the row is locked and gone, so an assignment that committed first is seen and removed too.
                    await DeleteAssignmentsAsync(connection, transaction, organizationId, id, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return StorageWriteResult.Success;
                }
            }

            // A separate statement, so a fresh snapshot: a concurrent delete that won is seen as gone (NotFound), not as a
            // row still at another version.
            return await ExistsAsync(connection, organizationId, id, cancellationToken).ConfigureAwait(false)
                ? StorageWriteResult.VersionConflict
                : StorageWriteResult.NotFound;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <summary>Stops listening for changes and, when the storage built it, disposes its data source.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Volatile.Read(ref _listener) is { } listener)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops listening for changes and, when the storage built it, disposes its data source.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static NpgsqlDataSource BuildDataSource(string connectionString, ILoggerFactory? loggerFactory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Not the parser's message: it may quote part of the connection string, password included.
            throw new ArgumentException("The connection string is not a valid Npgsql connection string.", nameof(connectionString));
        }

        // The provider runs a small fixed set of statements and keeps no session state on pooled connections, so its own
        // pool prepares them on first use and skips the per-rent reset (resolve: ~250 µs -> ~140 µs here). A connection
        // string that sets either keeps its value.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Build();
    }

    private async Task<bool> ExistsAsync(NpgsqlConnection connection, string organizationId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_sql.Exists, connection);
        command.Parameters.Add(Text(organizationId));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    private static void Bind(NpgsqlCommand command, CredentialRecord record)
    {
        var m = record.Metadata;
        var p = command.Parameters;
        p.Add(Text(m.OrganizationId));
        p.Add(Text(m.Key));
        p.Add(new NpgsqlParameter<Guid> { TypedValue = m.Id });
        p.Add(Text(m.Name));
        p.Add(Text(m.Category));
        p.Add(Text(m.Type));
        p.Add(Text(m.MaskedSummary));
        p.Add(NullableText(m.TemplateId));
        p.Add(Text(m.SearchText));
        // timestamptz takes UTC only; the instant is what is stored, and what comes back (with offset zero).
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = m.CreatedAt.ToUniversalTime() });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = m.UpdatedAt.ToUniversalTime() });
        p.Add(new NpgsqlParameter<long> { TypedValue = m.Version });
        p.Add(Text(m.OwnerUserId ?? string.Empty));
        p.Add(Text(record.KeyId));
        p.Add(new NpgsqlParameter<byte[]> { TypedValue = record.SealedSecret });
        p.Add(m.ExpiresAt is { } expiresAt
            ? new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt.ToUniversalTime() }
            : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = DBNull.Value });
    }

    private static async Task<CredentialRecord?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new CredentialRecord(ReadMetadata(reader), reader.GetString(15), reader.GetFieldValue<byte[]>(16));
    }

    private static CredentialMetadataRecord ReadMetadata(NpgsqlDataReader reader) => new(
        OrganizationId: reader.GetString(0),
        Id: reader.GetGuid(2),
        Name: reader.GetString(3),
        Key: reader.GetString(1),
        Category: reader.GetString(4),
        Type: reader.GetString(5),
        MaskedSummary: reader.GetString(6),
        TemplateId: reader.IsDBNull(7) ? null : reader.GetString(7),
        SearchText: reader.GetString(8),
        CreatedAt: reader.GetFieldValue<DateTimeOffset>(9),
        UpdatedAt: reader.GetFieldValue<DateTimeOffset>(10),
        Version: reader.GetInt64(11))
    {
        // Shared credentials are stored with the empty owner (user ids are never empty).
        OwnerUserId = reader.GetString(12) is { Length: > 0 } owner ? owner : null,
        ExpiresAt = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
        LastUsedAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
    };

    private static NpgsqlParameter<string> Text(string value) => new() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = value };

    private static NpgsqlParameter NullableText(string? value) =>
        value is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value } : Text(value);
}
