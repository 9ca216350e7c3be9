using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Storage.Postgres;

/// <summary>
/// The audit chains (<c>audit_log</c>, each chain's head in <c>audit_heads</c>), last-used times and the store-wide walks of
/// the expiry scan. An append runs inside the transaction of its change and takes the chain's head row with
/// <c>FOR UPDATE</c> as the transaction's last lock (after the fence's advisory lock and the credential's row lock), so
/// appends to one chain are serialized without a cycle of waits; the lock is held only for the two local statements that
/// follow and the commit, never across a call outside the database.
/// </summary>
public sealed partial class PostgresCredentialStorage
{
    /// <inheritdoc/>
    public Task<AuditRecord> AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return MapFailuresAsync(AppendAuditCoreAsync(entry, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AuditRecord>> ListAuditAsync(string organizationId, AuditStorageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organizationId);
        ArgumentNullException.ThrowIfNull(query);
        return MapFailuresAsync(ListAuditCoreAsync(organizationId, query, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<AuditChainHead?> GetAuditHeadAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organizationId);
        return MapFailuresAsync(GetAuditHeadCoreAsync(organizationId, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<int> UpdateLastUsedAsync(IReadOnlyList<CredentialUsage> usages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usages);
        return usages.Count == 0 ? Task.FromResult(0) : MapFailuresAsync(UpdateLastUsedCoreAsync(usages, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CredentialMetadataRecord>> ListExpiringAsync(DateTimeOffset until, ExpiringCredentialCursor? after, int limit, CancellationToken cancellationToken = default) =>
        MapFailuresAsync(ListExpiringCoreAsync(until, after, limit, cancellationToken));

    /// <inheritdoc/>
    public Task<IReadOnlyList<OAuthConnectionRecord>> ListOAuthConnectionsAsync(string state, CredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return MapFailuresAsync(ListOAuthConnectionsCoreAsync(state, after, limit, cancellationToken));
    }

    /// <summary>Appends <paramref name="entry"/> (when any) inside the caller's transaction.</summary>
    private async Task<AuditRecord?> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry? entry, CancellationToken cancellationToken)
    {
        if (entry is null)
        {
            return null;
        }

        long sequence;
        byte[] previousMac;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            // The head row exists first (a new chain starts at 0 with an empty MAC), then it is locked until commit.
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.AuditInsertHead) { Parameters = { Text(entry.OrganizationId) } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.AuditLockHead) { Parameters = { Text(entry.OrganizationId) } });
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            sequence = reader.GetInt64(0);
            previousMac = reader.GetFieldValue<byte[]>(1);
        }

        var record = entry.ToRecord(sequence + 1, previousMac);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.AuditInsert)
            {
                Parameters =
                {
                    Text(record.OrganizationId),
                    new NpgsqlParameter<long> { TypedValue = record.Sequence },
                    new NpgsqlParameter<DateTimeOffset> { TypedValue = record.Time.ToUniversalTime() },
                    Text(record.Action),
                    NullableText(record.ActorUserId),
                    record.CredentialId is { } id
                        ? new NpgsqlParameter<Guid> { TypedValue = id }
                        : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = DBNull.Value },
                    NullableText(record.CredentialKey),
                    NullableText(record.OwnerUserId),
                    Text(record.Details),
                    new NpgsqlParameter<byte[]> { TypedValue = record.Mac },
                },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.AuditMoveHead)
            {
                Parameters =
                {
                    Text(record.OrganizationId),
                    new NpgsqlParameter<long> { TypedValue = record.Sequence },
                    new NpgsqlParameter<byte[]> { TypedValue = record.Mac },
                },
            });
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    private async Task<AuditRecord> AppendAuditCoreAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var record = await AppendAsync(connection, transaction, entry, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return record!;
    }

    private async Task<IReadOnlyList<AuditRecord>> ListAuditCoreAsync(string organizationId, AuditStorageQuery query, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder(_sql.AuditList);
        var p = command.Parameters;
        p.Add(Text(organizationId));
        if (query.AfterSequence is { } after)
        {
            p.Add(new NpgsqlParameter<long> { TypedValue = after });
            sql.Append(query.Descending ? " AND sequence < $" : " AND sequence > $").Append(p.Count);
        }

        if (query.CredentialId is { } id)
        {
            p.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            sql.Append(" AND credential_id = $").Append(p.Count);
        }

        if (query.Action is not null)
        {
            p.Add(Text(query.Action));
            sql.Append(" AND action = $").Append(p.Count);
        }

        if (query.ActorUserId is not null)
        {
            p.Add(Text(query.ActorUserId));
            sql.Append(" AND actor_user_id = $").Append(p.Count);
        }
        else if (query.SystemActorOnly)
        {
            sql.Append(" AND actor_user_id IS NULL");
        }

        if (query.From is { } from)
        {
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() });
            sql.Append(" AND at >= $").Append(p.Count);
        }

        if (query.To is { } to)
        {
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to.ToUniversalTime() });
            sql.Append(" AND at < $").Append(p.Count);
        }

        p.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
        sql.Append(query.Descending ? " ORDER BY sequence DESC LIMIT $" : " ORDER BY sequence LIMIT $").Append(p.Count);
        command.CommandText = sql.ToString();
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new AuditRecord(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetGuid(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetString(8),
                reader.GetFieldValue<byte[]>(9)));
        }

        return records;
    }

    private async Task<AuditChainHead?> GetAuditHeadCoreAsync(string organizationId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(_sql.AuditHead);
        command.Parameters.Add(Text(organizationId));
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new AuditChainHead(organizationId, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
            : null;
    }

    private async Task<int> UpdateLastUsedCoreAsync(IReadOnlyList<CredentialUsage> usages, CancellationToken cancellationToken)
    {
        // One statement for the batch; rows are locked in (org_id, id) order so two flushes cannot deadlock.
        var ordered = usages.OrderBy(u => u.OrganizationId, StringComparer.Ordinal).ThenBy(u => u.Id).ToArray();
        await using var command = _dataSource.CreateCommand(_sql.UpdateLastUsed);
        command.Parameters.Add(Array(NpgsqlDbType.Text, ordered.Select(u => u.OrganizationId).ToArray()));
        command.Parameters.Add(Array(NpgsqlDbType.Uuid, ordered.Select(u => u.Id).ToArray()));
        command.Parameters.Add(Array(NpgsqlDbType.TimestampTz, ordered.Select(u => u.UsedAt.ToUniversalTime()).ToArray()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<CredentialMetadataRecord>> ListExpiringCoreAsync(DateTimeOffset until, ExpiringCredentialCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(after is null ? _sql.ListExpiringFirst : _sql.ListExpiringAfter);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = until.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (after is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = after.ExpiresAt.ToUniversalTime() });
            command.Parameters.Add(Text(after.OrganizationId));
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = after.Id });
        }

        var results = new List<CredentialMetadataRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(ReadMetadata(reader));
        }

        return results;
    }

    private async Task<IReadOnlyList<OAuthConnectionRecord>> ListOAuthConnectionsCoreAsync(string state, CredentialCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(after is null ? _sql.ListConnectionsFirst : _sql.ListConnectionsAfter);
        command.Parameters.Add(Text(state));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (after is not null)
        {
            command.Parameters.Add(Text(after.OrganizationId));
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = after.Id });
        }

        var results = new List<OAuthConnectionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(new OAuthConnectionRecord(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return results;
    }
}
