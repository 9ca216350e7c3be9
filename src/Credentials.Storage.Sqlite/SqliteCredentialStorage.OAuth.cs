using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>OAuth 2.0 flows, refresh leases and connection states: each operation one statement, atomic on its own.</summary>
public sealed partial class SqliteCredentialStorage
{
    /// <inheritdoc/>
    public Task<bool> TryAddOAuthFlowAsync(OAuthFlowRecord flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO oauth_flows (state_hash, org_id, user_id, credential_id, created_at, expires_at, key_id, sealed)
            VALUES ($hash, $org, $user, $credential, $created, $expires, $keyId, $sealed)
            ON CONFLICT (state_hash) DO NOTHING;
            """;
        command.Parameters.AddWithValue("$hash", flow.StateHash);
        command.Parameters.AddWithValue("$org", flow.OrganizationId);
        command.Parameters.AddWithValue("$user", (object?)flow.UserId ?? DBNull.Value);
        command.Parameters.AddWithValue("$credential", FormatId(flow.CredentialId));
        command.Parameters.AddWithValue("$created", flow.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue("$expires", flow.ExpiresAt.UtcTicks);
        command.Parameters.AddWithValue("$keyId", flow.KeyId);
        command.Parameters.AddWithValue("$sealed", flow.SealedData);
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc/>
    public Task<OAuthFlowRecord?> TakeOAuthFlowAsync(string stateHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateHash);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        // DELETE ... RETURNING: the row is gone in the same statement that reads it, so only one caller ever gets it.
        command.CommandText =
            """
            DELETE FROM oauth_flows WHERE state_hash = $hash
            RETURNING org_id, user_id, credential_id, created_at, expires_at, key_id, sealed;
            """;
        command.Parameters.AddWithValue("$hash", stateHash);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<OAuthFlowRecord?>(null);
        }

        var flow = new OAuthFlowRecord(
            stateHash,
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            Guid.ParseExact(reader.GetString(2), "N"),
            new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
            new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
            reader.GetString(5),
            (byte[])reader.GetValue(6));
        return Task.FromResult(flow.ExpiresAt > now ? flow : null);
    }

    /// <inheritdoc/>
    public Task<int> PurgeExpiredOAuthFlowsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM oauth_flows WHERE expires_at <= $now;";
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        return Task.FromResult(command.ExecuteNonQuery());
    }

    /// <inheritdoc/>
    public Task<bool> TryAcquireOAuthLeaseAsync(string organizationId, Guid credentialId, string holder, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        // One statement: insert, or take over a lapsed lease (or extend one's own); a live lease of another holder stays.
        command.CommandText =
            """
            INSERT INTO oauth_leases (org_id, credential_id, holder, expires_at) VALUES ($org, $credential, $holder, $expires)
            ON CONFLICT (org_id, credential_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE oauth_leases.expires_at <= $now OR oauth_leases.holder = excluded.holder;
            """;
        command.Parameters.AddWithValue("$org", organizationId);
        command.Parameters.AddWithValue("$credential", FormatId(credentialId));
        command.Parameters.AddWithValue("$holder", holder);
        command.Parameters.AddWithValue("$expires", expiresAt.UtcTicks);
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc/>
    public Task<bool> ReleaseOAuthLeaseAsync(string organizationId, Guid credentialId, string holder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM oauth_leases WHERE org_id = $org AND credential_id = $credential AND holder = $holder;";
        command.Parameters.AddWithValue("$org", organizationId);
        command.Parameters.AddWithValue("$credential", FormatId(credentialId));
        command.Parameters.AddWithValue("$holder", holder);
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc/>
    public Task<OAuthConnectionRecord?> GetOAuthConnectionAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, credential_version, updated_at FROM oauth_connections WHERE org_id = $org AND credential_id = $credential;";
        command.Parameters.AddWithValue("$org", organizationId);
        command.Parameters.AddWithValue("$credential", FormatId(credentialId));
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read()
            ? new OAuthConnectionRecord(organizationId, credentialId, reader.GetString(0), reader.GetInt64(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero))
            : null);
    }

    /// <inheritdoc/>
    public Task SetOAuthConnectionAsync(OAuthConnectionRecord connection, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        cancellationToken.ThrowIfCancellationRequested();
        using var db = Open();
        using var transaction = audit is null ? null : db.BeginTransaction(deferred: false);
        using var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            INSERT INTO oauth_connections (org_id, credential_id, state, credential_version, updated_at)
            VALUES ($org, $credential, $state, $version, $updated)
            ON CONFLICT (org_id, credential_id) DO UPDATE SET state = excluded.state,
                credential_version = excluded.credential_version, updated_at = excluded.updated_at;
            """;
        command.Parameters.AddWithValue("$org", connection.OrganizationId);
        command.Parameters.AddWithValue("$credential", FormatId(connection.CredentialId));
        command.Parameters.AddWithValue("$state", connection.State);
        command.Parameters.AddWithValue("$version", connection.CredentialVersion);
        command.Parameters.AddWithValue("$updated", connection.UpdatedAt.UtcTicks);
        command.ExecuteNonQuery();
        Commit(transaction, audit);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> DeleteOAuthConnectionAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM oauth_connections WHERE org_id = $org AND credential_id = $credential;";
        command.Parameters.AddWithValue("$org", organizationId);
        command.Parameters.AddWithValue("$credential", FormatId(credentialId));
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }
}
