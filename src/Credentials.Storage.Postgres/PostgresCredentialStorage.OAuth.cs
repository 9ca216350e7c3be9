using Npgsql;
using NpgsqlTypes;

namespace Credentials.Storage.Postgres;

/// <summary>OAuth 2.0 flows, refresh leases and connection states: each operation one statement, atomic on its own.</summary>
public sealed partial class PostgresCredentialStorage
{
    /// <inheritdoc/>
    public async Task<bool> TryAddOAuthFlowAsync(OAuthFlowRecord flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        await using var command = _dataSource.CreateCommand(
            $"INSERT INTO {_sql.QuotedSchema}.oauth_flows (state_hash, org_id, user_id, credential_id, created_at, expires_at, key_id, sealed) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (state_hash) DO NOTHING");
        command.Parameters.Add(Text(flow.StateHash));
        command.Parameters.Add(Text(flow.OrganizationId));
        command.Parameters.Add(NullableText(flow.UserId));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = flow.CredentialId });
        command.Parameters.Add(Time(flow.CreatedAt));
        command.Parameters.Add(Time(flow.ExpiresAt));
        command.Parameters.Add(Text(flow.KeyId));
        command.Parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = flow.SealedData });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<OAuthFlowRecord?> TakeOAuthFlowAsync(string stateHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateHash);
        // DELETE ... RETURNING: the row is gone in the statement that reads it, so of two callers only one gets it.
        await using var command = _dataSource.CreateCommand(
            $"DELETE FROM {_sql.QuotedSchema}.oauth_flows WHERE state_hash = $1 " +
            "RETURNING org_id, user_id, credential_id, created_at, expires_at, key_id, sealed");
        command.Parameters.Add(Text(stateHash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var flow = new OAuthFlowRecord(
            stateHash,
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetGuid(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetString(5),
            reader.GetFieldValue<byte[]>(6));
        return flow.ExpiresAt > now ? flow : null;
    }

    /// <inheritdoc/>
    public async Task<int> PurgeExpiredOAuthFlowsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"DELETE FROM {_sql.QuotedSchema}.oauth_flows WHERE expires_at <= $1");
        command.Parameters.Add(Time(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> TryAcquireOAuthLeaseAsync(string organizationId, Guid credentialId, string holder, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        // One statement: insert, or take over a lapsed lease (or extend one's own); a live lease of another holder stays.
        await using var command = _dataSource.CreateCommand(
            $"INSERT INTO {_sql.QuotedSchema}.oauth_leases AS l (org_id, credential_id, holder, expires_at) VALUES ($1, $2, $3, $4) " +
            "ON CONFLICT (org_id, credential_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at " +
            "WHERE l.expires_at <= $5 OR l.holder = excluded.holder");
        command.Parameters.Add(Text(organizationId));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = credentialId });
        command.Parameters.Add(Text(holder));
        command.Parameters.Add(Time(expiresAt));
        command.Parameters.Add(Time(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> ReleaseOAuthLeaseAsync(string organizationId, Guid credentialId, string holder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        await using var command = _dataSource.CreateCommand(
            $"DELETE FROM {_sql.QuotedSchema}.oauth_leases WHERE org_id = $1 AND credential_id = $2 AND holder = $3");
        command.Parameters.Add(Text(organizationId));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = credentialId });
        command.Parameters.Add(Text(holder));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<OAuthConnectionRecord?> GetOAuthConnectionAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT state, credential_version, updated_at FROM {_sql.QuotedSchema}.oauth_connections WHERE org_id = $1 AND credential_id = $2");
        command.Parameters.Add(Text(organizationId));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = credentialId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new OAuthConnectionRecord(organizationId, credentialId, reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    /// <inheritdoc/>
    public async Task SetOAuthConnectionAsync(OAuthConnectionRecord connection, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var db = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {_sql.QuotedSchema}.oauth_connections (org_id, credential_id, state, credential_version, updated_at) VALUES ($1, $2, $3, $4, $5) " +
            "ON CONFLICT (org_id, credential_id) DO UPDATE SET state = excluded.state, credential_version = excluded.credential_version, updated_at = excluded.updated_at",
            db,
            transaction);
        command.Parameters.Add(Text(connection.OrganizationId));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = connection.CredentialId });
        command.Parameters.Add(Text(connection.State));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connection.CredentialVersion });
        command.Parameters.Add(Time(connection.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await AppendAsync(db, transaction, audit, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteOAuthConnectionAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"DELETE FROM {_sql.QuotedSchema}.oauth_connections WHERE org_id = $1 AND credential_id = $2");
        command.Parameters.Add(Text(organizationId));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = credentialId });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = value.ToUniversalTime() };
}
