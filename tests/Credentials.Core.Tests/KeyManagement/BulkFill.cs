using Microsoft.Data.Sqlite;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Fills a SQLite store fast: records sealed by the vault's own sealer, inserted in one transaction (the store's
/// CreateAsync commits each credential on its own, which is right for users and slow for thousands of test rows).
/// </summary>
internal static class BulkFill
{
    public static void Insert(string databasePath, CredentialSealer sealer, int count)
    {
        using var connection = new SqliteConnection("Data Source=" + databasePath);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT INTO credentials (org_id, key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version, key_id, sealed) " +
            "VALUES ($org, $key, $id, $name, 'llm_provider', 'api_token', '••••cret', NULL, $search, $at, $at, 1, $keyId, $sealed);";
        var org = command.Parameters.Add("$org", SqliteType.Text);
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var search = command.Parameters.Add("$search", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var keyId = command.Parameters.Add("$keyId", SqliteType.Text);
        var sealedSecret = command.Parameters.Add("$sealed", SqliteType.Blob);
        command.Prepare();
        for (var i = 0; i < count; i++)
        {
            var credentialId = Guid.NewGuid();
            var credentialKey = $"KEY_{i}";
            var sealedPair = sealer.Seal(KeyFileStore.OrgOf(i).Value, null, credentialId, credentialKey, 1, new ApiToken(KeyFileStore.TokenFor("KEY", i)));
            org.Value = KeyFileStore.OrgOf(i).Value;
            key.Value = credentialKey;
            id.Value = credentialId.ToString("N");
            name.Value = "Bulk " + i;
            search.Value = CredentialRecords.SearchText("Bulk " + i, credentialKey);
            at.Value = DateTimeOffset.UnixEpoch.UtcTicks;
            keyId.Value = sealedPair.KeyId;
            sealedSecret.Value = sealedPair.Sealed;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
