namespace Credentials.Storage.Postgres;

/// <summary>
/// The provider's statements for one schema, built once. Parameters are positional (<c>$1</c>), so Npgsql sends the SQL
/// as written; every statement on credentials names the organization (except the store-wide walks of key rotation).
/// </summary>
internal sealed class PostgresStatements
{
    public const string Columns =
        "org_id, key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version, owner_user_id, expires_at, last_used_at";

    public PostgresStatements(string schema)
    {
        Schema = schema;
        var s = QuotedSchema = Quote(schema);
        Channel = schema + "_changes";
        var credentials = Credentials = s + ".credentials";
        var settings = Settings = s + ".settings";
        var retired = RetiredKeys = s + ".retired_keys";

        FindById = $"SELECT {Columns}, key_id, sealed FROM {credentials} WHERE org_id = $1 AND id = $2";
        // (org_id, owner_user_id, key) is the primary key: one index probe. The owner is '' for shared credentials.
        FindByKey = $"SELECT {Columns}, key_id, sealed FROM {credentials} WHERE org_id = $1 AND owner_user_id = $2 AND key = $3";
        FindResolvableByKey = $"SELECT id, type, key_id, sealed, version FROM {credentials} WHERE org_id = $1 AND owner_user_id = $2 AND key = $3";
        ListPrefix = $"SELECT {Columns} FROM {credentials} WHERE org_id = $1";
        // Either unique constraint ((org_id, owner_user_id, key) or (org_id, id)) makes it a no-op: no exception, no aborted statement.
        // The key id ($14) must not be retired: the writer holds the key's shared fence lock (PostgresFence), taken by an
        // earlier statement, so this statement's snapshot already shows any retirement that committed before it.
        Insert =
            $"INSERT INTO {credentials} ({Columns}, key_id, sealed) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $16, NULL, $14, $15 " +
            $"WHERE NOT EXISTS (SELECT 1 FROM {retired} WHERE key_id = $14) ON CONFLICT DO NOTHING";
        Update =
            $"UPDATE {credentials} SET key = $2, name = $4, category = $5, type = $6, masked_summary = $7, template_id = $8, " +
            "search_text = $9, created_at = $10, updated_at = $11, version = $12, key_id = $14, sealed = $15, expires_at = $16 " +
            $"WHERE org_id = $1 AND id = $3 AND version = $17 AND NOT EXISTS (SELECT 1 FROM {retired} WHERE key_id = $14)";
        IsRetired = $"SELECT EXISTS (SELECT 1 FROM {retired} WHERE key_id = $1)";
        LockKeyShared = "SELECT pg_advisory_xact_lock_shared($1)";
        LockKeysShared = "SELECT pg_advisory_xact_lock_shared(k) FROM unnest($1::bigint[]) AS k";
        LockKeyExclusive = "SELECT pg_advisory_xact_lock($1)";
        CountWrapped =
            $"SELECT (SELECT count(*) FROM {credentials} WHERE key_id = $1) + (SELECT count(*) FROM {s}.deleted_credentials WHERE key_id = $1)";
        Retire = $"INSERT INTO {retired} (key_id, retired_at) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        ListRetired = $"SELECT key_id FROM {retired} ORDER BY key_id";
        ListSettings = $"SELECT name, value FROM {settings} WHERE starts_with(name, $1) ORDER BY name";
        ReplaceSetting = $"UPDATE {settings} SET value = $3 WHERE name = $1 AND value = $2";
        Delete = $"DELETE FROM {credentials} WHERE org_id = $1 AND id = $2 AND version = $3";
        Exists = $"SELECT EXISTS (SELECT 1 FROM {credentials} WHERE org_id = $1 AND id = $2)";
        var assignments = Assignments = s + ".credential_assignments";
        var deleted = Deleted = s + ".deleted_credentials";

        // The recycle bin's rewrap: small (purged after the retention), walked by key id, organization and id.
        ListDeletedNotUnderKeyFirst =
            $"SELECT org_id, id, key, version, key_id, sealed FROM {deleted} WHERE key_id <> $1 ORDER BY key_id, org_id, id LIMIT $2";
        ListDeletedNotUnderKeyAfter =
            $"SELECT org_id, id, key, version, key_id, sealed FROM {deleted} " +
            "WHERE key_id <> $1 AND (key_id, org_id, id) > ($3, $4, $5) ORDER BY key_id, org_id, id LIMIT $2";
        ReplaceDeletedSealed =
            $"UPDATE {deleted} AS c SET key_id = r.new_key_id, sealed = r.sealed " +
            "FROM unnest($1::text[], $2::text[], $3::uuid[], $4::bigint[], $5::text[], $6::text[], $7::bytea[]) " +
            "AS r(org_id, key, id, version, expected_key_id, new_key_id, sealed) " +
            "WHERE c.org_id = r.org_id AND c.id = r.id AND c.key = r.key AND c.version = r.version AND c.key_id = r.expected_key_id " +
            $"AND NOT EXISTS (SELECT 1 FROM {retired} AS rk WHERE rk.key_id = r.new_key_id)";
        LockDeletedKeyId = $"SELECT key_id FROM {deleted} WHERE org_id = $1 AND id = $2 FOR UPDATE";

        // Soft-deleted credentials count: their secrets are still stored under the key.
        CountByKeyId =
            $"SELECT key_id, count(*) FROM (SELECT key_id FROM {credentials} UNION ALL SELECT key_id FROM {deleted}) AS k GROUP BY key_id";

        // Key rotation walks ix_credentials_key_id (key_id, org_id, owner_user_id, key) in order; the row comparison is an index range.
        ListNotUnderKeyFirst =
            $"SELECT org_id, id, key, version, key_id, sealed, owner_user_id FROM {credentials} WHERE key_id <> $1 ORDER BY key_id, org_id, owner_user_id, key LIMIT $2";
        ListNotUnderKeyAfter =
            $"SELECT org_id, id, key, version, key_id, sealed, owner_user_id FROM {credentials} " +
            "WHERE key_id <> $1 AND (key_id, org_id, owner_user_id, key) > ($3, $4, $5, $6) ORDER BY key_id, org_id, owner_user_id, key LIMIT $2";

        // One statement for the whole batch: each row is a compare-and-swap on organization, id (unique in it), key, version and key id.
        ReplaceSealed =
            $"UPDATE {credentials} AS c SET key_id = r.new_key_id, sealed = r.sealed " +
            "FROM unnest($1::text[], $2::text[], $3::uuid[], $4::bigint[], $5::text[], $6::text[], $7::bytea[]) " +
            "AS r(org_id, key, id, version, expected_key_id, new_key_id, sealed) " +
            "WHERE c.org_id = r.org_id AND c.key = r.key AND c.id = r.id AND c.version = r.version AND c.key_id = r.expected_key_id " +
            $"AND NOT EXISTS (SELECT 1 FROM {retired} AS rk WHERE rk.key_id = r.new_key_id)";

        GetSetting = $"SELECT value FROM {settings} WHERE name = $1";
        TryAddSetting = $"INSERT INTO {settings} (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
        Listen = "LISTEN " + Quote(Channel);

        // FOR KEY SHARE locks the credential row until commit: a soft delete (FOR UPDATE) or hard delete either waits for
        // this assignment and then sees it, or goes first and leaves no active row to assign to.
        Assign =
            $"INSERT INTO {assignments} (org_id, credential_id, consumer_kind, consumer_id, display_name) " +
            $"SELECT c.org_id, c.id, $3, $4, $5 FROM {credentials} AS c WHERE c.org_id = $1 AND c.id = $2 FOR KEY SHARE " +
            "ON CONFLICT (org_id, credential_id, consumer_kind, consumer_id) " +
            $"DO UPDATE SET display_name = coalesce(EXCLUDED.display_name, {assignments}.display_name)";
        Unassign = $"DELETE FROM {assignments} WHERE org_id = $1 AND credential_id = $2 AND consumer_kind = $3 AND consumer_id = $4";
        ListAssignments =
            $"SELECT consumer_kind, consumer_id, display_name FROM {assignments} WHERE org_id = $1 AND credential_id = $2 ORDER BY consumer_kind, consumer_id";
        ListAssignedCredentials =
            $"SELECT {Prefixed("c")} FROM {assignments} AS a JOIN {credentials} AS c ON c.org_id = a.org_id AND c.id = a.credential_id " +
            "WHERE a.org_id = $1 AND a.consumer_kind = $2 AND a.consumer_id = $3 ORDER BY c.key, c.owner_user_id";
        DeleteAssignments = $"DELETE FROM {assignments} WHERE org_id = $1 AND credential_id = $2";

        LockVersion = $"SELECT version FROM {credentials} WHERE org_id = $1 AND id = $2 FOR UPDATE";
        AssignedConsumers = $"SELECT consumer_kind, consumer_id FROM {assignments} WHERE org_id = $1 AND credential_id = $2";
        MoveToDeleted =
            $"WITH moved AS (DELETE FROM {credentials} WHERE org_id = $1 AND id = $2 RETURNING {Columns}, key_id, sealed) " +
            $"INSERT INTO {deleted} ({Columns}, key_id, sealed, deleted_at) SELECT {Columns}, key_id, sealed, $3 FROM moved";
        ListDeleted = $"SELECT {Columns}, deleted_at FROM {deleted} WHERE org_id = $1 ORDER BY key, owner_user_id, deleted_at DESC, id";
        FindDeleted = $"SELECT {Columns}, deleted_at FROM {deleted} WHERE org_id = $1 AND id = $2";
        // Inside a transaction that is rolled back unless both counts are 1: a key (or id) taken meanwhile restores nothing.
        Restore =
            $"WITH gone AS (DELETE FROM {deleted} WHERE org_id = $1 AND id = $2 RETURNING {Columns}, key_id, sealed), " +
            $"restored AS (INSERT INTO {credentials} ({Columns}, key_id, sealed) SELECT {Columns}, key_id, sealed FROM gone ON CONFLICT DO NOTHING RETURNING 1) " +
            "SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM restored)";
        Purge =
            $"WITH purged AS (DELETE FROM {deleted} WHERE org_id = $1 AND id = $2 RETURNING org_id, id), " +
            $"unassigned AS (DELETE FROM {assignments} WHERE (org_id, credential_id) IN (SELECT org_id, id FROM purged)) " +
            "SELECT count(*) FROM purged";
        PurgeBeforeReturning =
            $"WITH purged AS (DELETE FROM {deleted} WHERE deleted_at <= $1 RETURNING {Columns}, deleted_at), " +
            $"unassigned AS (DELETE FROM {assignments} WHERE (org_id, credential_id) IN (SELECT org_id, id FROM purged)) " +
            $"SELECT {Columns}, deleted_at FROM purged ORDER BY org_id, id";
        var audit = s + ".audit_log";
        var heads = s + ".audit_heads";
        AuditColumns = "org_id, sequence, at, action, actor_user_id, credential_id, credential_key, owner_user_id, details, mac";
        AuditInsertHead = $"INSERT INTO {heads} (org_id, sequence, mac) VALUES ($1, 0, ''::bytea) ON CONFLICT (org_id) DO NOTHING";
        AuditLockHead = $"SELECT sequence, mac FROM {heads} WHERE org_id = $1 FOR UPDATE";
        AuditInsert = $"INSERT INTO {audit} ({AuditColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        AuditMoveHead = $"UPDATE {heads} SET sequence = $2, mac = $3 WHERE org_id = $1";
        AuditHead = $"SELECT sequence, mac FROM {heads} WHERE org_id = $1 AND sequence > 0";
        AuditList = $"SELECT {AuditColumns} FROM {audit} WHERE org_id = $1";
        UpdateLastUsed =
            $"UPDATE {credentials} AS c SET last_used_at = u.at FROM unnest($1::text[], $2::uuid[], $3::timestamptz[]) AS u(org_id, id, at) " +
            "WHERE c.org_id = u.org_id AND c.id = u.id AND (c.last_used_at IS NULL OR c.last_used_at < u.at)";
        ListExpiringFirst = $"SELECT {Columns} FROM {credentials} WHERE expires_at <= $1 ORDER BY expires_at, org_id, id LIMIT $2";
        ListExpiringAfter =
            $"SELECT {Columns} FROM {credentials} WHERE expires_at <= $1 AND (expires_at, org_id, id) > ($3, $4, $5) ORDER BY expires_at, org_id, id LIMIT $2";
        ListConnectionsFirst =
            $"SELECT org_id, credential_id, state, credential_version, updated_at FROM {s}.oauth_connections WHERE state = $1 ORDER BY org_id, credential_id LIMIT $2";
        ListConnectionsAfter =
            $"SELECT org_id, credential_id, state, credential_version, updated_at FROM {s}.oauth_connections " +
            "WHERE state = $1 AND (org_id, credential_id) > ($3, $4) ORDER BY org_id, credential_id LIMIT $2";
        PurgeBefore =
            $"WITH purged AS (DELETE FROM {deleted} WHERE deleted_at <= $1 RETURNING org_id, id), " +
            $"unassigned AS (DELETE FROM {assignments} WHERE (org_id, credential_id) IN (SELECT org_id, id FROM purged)) " +
            "SELECT count(*) FROM purged";
    }

    public string RetiredKeys { get; }

    public string IsRetired { get; }

    public string LockKeyShared { get; }

    public string LockKeysShared { get; }

    public string LockKeyExclusive { get; }

    public string CountWrapped { get; }

    public string Retire { get; }

    public string ListRetired { get; }

    public string ListSettings { get; }

    public string ReplaceSetting { get; }

    public string ListDeletedNotUnderKeyFirst { get; }

    public string ListDeletedNotUnderKeyAfter { get; }

    public string ReplaceDeletedSealed { get; }

    public string LockDeletedKeyId { get; }

    public string Assignments { get; }

    public string Deleted { get; }

    public string Assign { get; }

    public string Unassign { get; }

    public string ListAssignments { get; }

    public string ListAssignedCredentials { get; }

    public string DeleteAssignments { get; }

    public string LockVersion { get; }

    public string AssignedConsumers { get; }

    public string MoveToDeleted { get; }

    public string ListDeleted { get; }

    public string FindDeleted { get; }

    public string Restore { get; }

    public string Purge { get; }

    public string PurgeBefore { get; }

    public string PurgeBeforeReturning { get; }

    public string AuditColumns { get; }

    public string AuditInsertHead { get; }

    public string AuditLockHead { get; }

    public string AuditInsert { get; }

    public string AuditMoveHead { get; }

    public string AuditHead { get; }

    public string AuditList { get; }

    public string UpdateLastUsed { get; }

    public string ListExpiringFirst { get; }

    public string ListExpiringAfter { get; }

    public string ListConnectionsFirst { get; }

    public string ListConnectionsAfter { get; }

    public string Schema { get; }

    public string QuotedSchema { get; }

    /// <summary>The NOTIFY channel of this schema (<c>&lt;schema&gt;_changes</c>).</summary>
    public string Channel { get; }

    public string Credentials { get; }

    public string Settings { get; }

    public string FindById { get; }

    public string FindByKey { get; }

    public string FindResolvableByKey { get; }

    public string ListPrefix { get; }

    public string Insert { get; }

    public string Update { get; }

    public string Delete { get; }

    public string Exists { get; }

    public string CountByKeyId { get; }

    public string ListNotUnderKeyFirst { get; }

    public string ListNotUnderKeyAfter { get; }

    public string ReplaceSealed { get; }

    public string GetSetting { get; }

    public string TryAddSetting { get; }

    public string Listen { get; }

    private static string Prefixed(string alias) => string.Join(", ", Columns.Split(", ").Select(c => alias + "." + c));

    /// <summary>Quotes an identifier the validator has already restricted to [a-z0-9_].</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
