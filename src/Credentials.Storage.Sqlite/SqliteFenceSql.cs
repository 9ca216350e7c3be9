namespace Credentials.Storage.Sqlite;

/// <summary>
/// The fence against writing under a retired key. SQLite serializes writers (one write lock per file, and a write
/// transaction whose snapshot is stale cannot take it), so a write statement that checks <c>retired_keys</c> itself, or
/// a <c>BEGIN IMMEDIATE</c> transaction that checks it before writing, cannot interleave with a retirement, which counts
/// the key's credentials and records it in one <c>BEGIN IMMEDIATE</c> transaction.
/// </summary>
internal static class SqliteFenceSql
{
    /// <summary>The condition on the key id a statement writes (parameter <c>$keyId</c>).</summary>
    public const string KeyNotRetiredCondition = "NOT EXISTS (SELECT 1 FROM retired_keys WHERE key_id = $keyId)";

    /// <summary>The WHERE clause of an INSERT ... SELECT that writes <c>$keyId</c>.</summary>
    public const string KeyNotRetired = "WHERE " + KeyNotRetiredCondition;

    public const string IsRetired = "SELECT 1 FROM retired_keys WHERE key_id = $keyId;";

    public const string CountWrapped =
        "SELECT (SELECT COUNT(*) FROM credentials WHERE key_id = $keyId) + (SELECT COUNT(*) FROM deleted_credentials WHERE key_id = $keyId);";

    public const string Retire = "INSERT INTO retired_keys (key_id, retired_at) VALUES ($keyId, $retiredAt);";

    public const string ListRetired = "SELECT key_id FROM retired_keys ORDER BY key_id;";
}
