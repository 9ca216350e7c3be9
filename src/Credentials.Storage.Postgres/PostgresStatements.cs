namespace Credentials.Storage.Postgres;

/// <summary>
/// The provider's statements for one schema, built once. Parameters are positional (<c>$1</c>), so Npgsql sends the SQL
/// as written; every statement on credentials names the organization (except the store-wide walks of key rotation).
/// </summary>
internal sealed class PostgresStatements
{
    public const string Columns =
        "org_id, key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version";

    public PostgresStatements(string schema)
    {
        Schema = schema;
        var s = QuotedSchema = Quote(schema);
        Channel = schema + "_changes";
        var credentials = Credentials = s + ".credentials";
        var settings = Settings = s + ".settings";

        FindById = $"SELECT {Columns}, key_id, sealed FROM {credentials} WHERE org_id = $1 AND id = $2";
        FindByKey = $"SELECT {Columns}, key_id, sealed FROM {credentials} WHERE org_id = $1 AND key = $2";
        ListPrefix = $"SELECT {Columns} FROM {credentials} WHERE org_id = $1";
        // Either unique constraint ((org_id, key) or (org_id, id)) makes it a no-op: no exception, no aborted statement.
        Insert =
            $"INSERT INTO {credentials} ({Columns}, key_id, sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) " +
            "ON CONFLICT DO NOTHING";
        Update =
            $"UPDATE {credentials} SET key = $2, name = $4, category = $5, type = $6, masked_summary = $7, template_id = $8, " +
            "search_text = $9, created_at = $10, updated_at = $11, version = $12, key_id = $13, sealed = $14 " +
            "WHERE org_id = $1 AND id = $3 AND version = $15";
        Delete = $"DELETE FROM {credentials} WHERE org_id = $1 AND id = $2 AND version = $3";
        Exists = $"SELECT EXISTS (SELECT 1 FROM {credentials} WHERE org_id = $1 AND id = $2)";
        CountByKeyId = $"SELECT key_id, count(*) FROM {credentials} GROUP BY key_id";

        // Key rotation walks ix_credentials_key_id (key_id, org_id, key) in order; the row comparison is an index range.
        ListNotUnderKeyFirst =
            $"SELECT org_id, id, key, version, key_id, sealed FROM {credentials} WHERE key_id <> $1 ORDER BY key_id, org_id, key LIMIT $2";
        ListNotUnderKeyAfter =
            $"SELECT org_id, id, key, version, key_id, sealed FROM {credentials} " +
            "WHERE key_id <> $1 AND (key_id, org_id, key) > ($3, $4, $5) ORDER BY key_id, org_id, key LIMIT $2";

        // One statement for the whole batch: each row is a compare-and-swap on organization, key, id, version and key id.
        ReplaceSealed =
            $"UPDATE {credentials} AS c SET key_id = r.new_key_id, sealed = r.sealed " +
            "FROM unnest($1::text[], $2::text[], $3::uuid[], $4::bigint[], $5::text[], $6::text[], $7::bytea[]) " +
            "AS r(org_id, key, id, version, expected_key_id, new_key_id, sealed) " +
            "WHERE c.org_id = r.org_id AND c.key = r.key AND c.id = r.id AND c.version = r.version AND c.key_id = r.expected_key_id";

        GetSetting = $"SELECT value FROM {settings} WHERE name = $1";
        TryAddSetting = $"INSERT INTO {settings} (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
        Listen = "LISTEN " + Quote(Channel);
    }

    public string Schema { get; }

    public string QuotedSchema { get; }

    /// <summary>The NOTIFY channel of this schema (<c>&lt;schema&gt;_changes</c>).</summary>
    public string Channel { get; }

    public string Credentials { get; }

    public string Settings { get; }

    public string FindById { get; }

    public string FindByKey { get; }

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

    /// <summary>Quotes an identifier the validator has already restricted to [a-z0-9_].</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
