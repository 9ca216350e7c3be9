using System.Text;
using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// The audit chains (<c>audit_log</c>, with each chain's head in <c>audit_heads</c>), last-used times and the store-wide
/// walks of the expiry scan. An append runs inside the <c>BEGIN IMMEDIATE</c> transaction of its change: SQLite has one
/// writer at a time, so reading the head, inserting the record and moving the head cannot interleave with another append.
/// </summary>
public sealed partial class SqliteCredentialStorage
{
    private const string AuditColumns = "org_id, sequence, at, action, actor_user_id, credential_id, credential_key, owner_user_id, details, mac";

    /// <inheritdoc/>
    public Task<AuditRecord> AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            var record = Append(transaction, entry);
            transaction.Commit();
            return Task.FromResult(record);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AuditRecord>> ListAuditAsync(string organizationId, AuditStorageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organizationId);
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            var sql = new StringBuilder($"SELECT {AuditColumns} FROM audit_log WHERE org_id = $org");
            command.Parameters.AddWithValue("$org", organizationId);
            if (query.AfterSequence is { } after)
            {
                sql.Append(query.Descending ? " AND sequence < $after" : " AND sequence > $after");
                command.Parameters.AddWithValue("$after", after);
            }

            if (query.CredentialId is { } id)
            {
                sql.Append(" AND credential_id = $credential");
                command.Parameters.AddWithValue("$credential", FormatId(id));
            }

            if (query.Action is not null)
            {
                sql.Append(" AND action = $action");
                command.Parameters.AddWithValue("$action", query.Action);
            }

            if (query.ActorUserId is not null)
            {
                sql.Append(" AND actor_user_id = $actor");
                command.Parameters.AddWithValue("$actor", query.ActorUserId);
            }
            else if (query.SystemActorOnly)
            {
                sql.Append(" AND actor_user_id IS NULL");
            }

            if (query.From is { } from)
            {
                sql.Append(" AND at >= $from");
                command.Parameters.AddWithValue("$from", from.UtcTicks);
            }

            if (query.To is { } to)
            {
                sql.Append(" AND at < $to");
                command.Parameters.AddWithValue("$to", to.UtcTicks);
            }

            sql.Append(query.Descending ? " ORDER BY sequence DESC LIMIT $limit;" : " ORDER BY sequence LIMIT $limit;");
            command.Parameters.AddWithValue("$limit", query.Limit);
            command.CommandText = sql.ToString();
            var records = new List<AuditRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                records.Add(ReadAudit(reader));
            }

            return Task.FromResult<IReadOnlyList<AuditRecord>>(records);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<AuditChainHead?> GetAuditHeadAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            return Task.FromResult(ReadHead(connection, null, organizationId));
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<int> UpdateLastUsedAsync(IReadOnlyList<CredentialUsage> usages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usages);
        cancellationToken.ThrowIfCancellationRequested();
        if (usages.Count == 0)
        {
            return Task.FromResult(0);
        }

        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // Only forward; the version, the update time and the sealed bytes stay as they are.
            command.CommandText =
                "UPDATE credentials SET last_used_at = $at WHERE org_id = $org AND id = $id AND (last_used_at IS NULL OR last_used_at < $at);";
            var org = command.Parameters.Add("$org", SqliteType.Text);
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var at = command.Parameters.Add("$at", SqliteType.Integer);
            var moved = 0;
            foreach (var usage in usages)
            {
                org.Value = usage.OrganizationId;
                id.Value = FormatId(usage.Id);
                at.Value = usage.UsedAt.UtcTicks;
                moved += command.ExecuteNonQuery();
            }

            transaction.Commit();
            return Task.FromResult(moved);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CredentialMetadataRecord>> ListExpiringAsync(DateTimeOffset until, ExpiringCredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = after is null
                ? $"SELECT {Columns} FROM credentials WHERE expires_at <= $until ORDER BY expires_at, org_id, id LIMIT $limit;"
                : $"SELECT {Columns} FROM credentials WHERE expires_at <= $until AND (expires_at, org_id, id) > ($afterAt, $afterOrg, $afterId) ORDER BY expires_at, org_id, id LIMIT $limit;";
            command.Parameters.AddWithValue("$until", until.UtcTicks);
            command.Parameters.AddWithValue("$limit", limit);
            if (after is not null)
            {
                command.Parameters.AddWithValue("$afterAt", after.ExpiresAt.UtcTicks);
                command.Parameters.AddWithValue("$afterOrg", after.OrganizationId);
                command.Parameters.AddWithValue("$afterId", FormatId(after.Id));
            }

            var results = new List<CredentialMetadataRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                results.Add(ReadMetadata(reader));
            }

            return Task.FromResult<IReadOnlyList<CredentialMetadataRecord>>(results);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<OAuthConnectionRecord>> ListOAuthConnectionsAsync(string state, CredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = after is null
                ? "SELECT org_id, credential_id, state, credential_version, updated_at FROM oauth_connections WHERE state = $state ORDER BY org_id, credential_id LIMIT $limit;"
                : "SELECT org_id, credential_id, state, credential_version, updated_at FROM oauth_connections WHERE state = $state AND (org_id, credential_id) > ($afterOrg, $afterId) ORDER BY org_id, credential_id LIMIT $limit;";
            command.Parameters.AddWithValue("$state", state);
            command.Parameters.AddWithValue("$limit", limit);
            if (after is not null)
            {
                command.Parameters.AddWithValue("$afterOrg", after.OrganizationId);
                command.Parameters.AddWithValue("$afterId", FormatId(after.Id));
            }

            var results = new List<OAuthConnectionRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                results.Add(new OAuthConnectionRecord(
                    reader.GetString(0),
                    SqliteIds.Parse(reader.GetString(1), reader.GetString(0)),
                    reader.GetString(2),
                    reader.GetInt64(3),
                    new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
            }

            return Task.FromResult<IReadOnlyList<OAuthConnectionRecord>>(results);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <summary>Reads an audit chain's head by <c>$org</c>.</summary>
    internal const string AuditHeadSql = "SELECT sequence, mac FROM audit_heads WHERE org_id = $org;";

    /// <summary>Inserts the next record of a chain and moves its head; parameters in the order of <see cref="AuditParameters"/>.</summary>
    internal const string AuditAppendSql =
        $"""
        INSERT INTO audit_log ({AuditColumns}) VALUES ($org, $sequence, $at, $action, $actor, $credential, $key, $owner, $details, $mac);
        INSERT INTO audit_heads (org_id, sequence, mac) VALUES ($org, $sequence, $mac)
            ON CONFLICT (org_id) DO UPDATE SET sequence = excluded.sequence, mac = excluded.mac;
        """;

    /// <summary>The parameters of <see cref="AuditAppendSql"/>, in the order <see cref="BindAudit"/> sets them.</summary>
    internal static readonly string[] AuditParameters = ["$org", "$sequence", "$at", "$action", "$actor", "$credential", "$key", "$owner", "$details", "$mac"];

    /// <summary>Appends <paramref name="audit"/> (when any) inside <paramref name="transaction"/>, then commits it (when any).</summary>
    private static void Commit(SqliteTransaction? transaction, AuditEntry? audit)
    {
        if (transaction is null)
        {
            return;
        }

        if (audit is not null)
        {
            Append(transaction, audit);
        }

        transaction.Commit();
    }

    /// <summary>
    /// The same, with the statements prepared on the write's session (creates and updates, the hot writes): compiling the
    /// head read and the two inserts on a new command cost more than running them.
    /// </summary>
    private static void Commit(SqliteLookup session, SqliteTransaction? transaction, AuditEntry? audit)
    {
        if (transaction is null)
        {
            return;
        }

        if (audit is not null)
        {
            Append(session.AuditHead, session.AuditAppend, transaction, audit);
        }

        transaction.Commit();
    }

    /// <summary>Reads the chain's head, inserts the next record and moves the head, inside a <c>BEGIN IMMEDIATE</c> transaction.</summary>
    private static AuditRecord Append(SqliteTransaction transaction, AuditEntry entry)
    {
        var connection = transaction.Connection!;
        using var head = connection.CreateCommand();
        head.CommandText = AuditHeadSql;
        head.Parameters.Add(new SqliteParameter("$org", SqliteType.Text));
        using var append = connection.CreateCommand();
        append.CommandText = AuditAppendSql;
        foreach (var name in AuditParameters)
        {
            append.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
        }

        return Append(head, append, transaction, entry);
    }

    private static AuditRecord Append(SqliteCommand head, SqliteCommand append, SqliteTransaction transaction, AuditEntry entry)
    {
        head.Transaction = transaction;
        var current = ReadHead(head, entry.OrganizationId);
        var record = entry.ToRecord((current?.Sequence ?? 0) + 1, current?.Mac ?? []);
        append.Transaction = transaction;
        BindAudit(append.Parameters, record);
        append.ExecuteNonQuery();
        return record;
    }

    /// <summary>Sets the parameters of <see cref="AuditAppendSql"/>, in the order of <see cref="AuditParameters"/>.</summary>
    private static void BindAudit(SqliteParameterCollection p, AuditRecord record)
    {
        p[0].Value = record.OrganizationId;
        p[1].Value = record.Sequence;
        p[2].Value = record.Time.UtcTicks;
        p[3].Value = record.Action;
        p[4].Value = (object?)record.ActorUserId ?? DBNull.Value;
        p[5].Value = record.CredentialId is { } id ? FormatId(id) : DBNull.Value;
        p[6].Value = (object?)record.CredentialKey ?? DBNull.Value;
        p[7].Value = (object?)record.OwnerUserId ?? DBNull.Value;
        p[8].Value = record.Details;
        p[9].Value = record.Mac;
    }

    private static AuditChainHead? ReadHead(SqliteConnection connection, SqliteTransaction? transaction, string organizationId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = AuditHeadSql;
        command.Parameters.Add(new SqliteParameter("$org", SqliteType.Text));
        return ReadHead(command, organizationId);
    }

    private static AuditChainHead? ReadHead(SqliteCommand command, string organizationId)
    {
        command.Parameters[0].Value = organizationId;
        using var reader = command.ExecuteReader();
        return reader.Read() ? new AuditChainHead(organizationId, reader.GetInt64(0), (byte[])reader.GetValue(1)) : null;
    }

    private static AuditRecord ReadAudit(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        // An id edited into something that is not an id still reads, as the empty id: the record's MAC then fails, so
        // verification reports that record instead of the listing failing.
        reader.IsDBNull(5) ? null : Guid.TryParseExact(reader.GetString(5), "N", out var id) ? id : Guid.Empty,
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.GetString(8),
        (byte[])reader.GetValue(9));
}
