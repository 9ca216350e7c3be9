using Microsoft.Data.Sqlite;

namespace Credentials.Cli.Tests.Infrastructure;

/// <summary>
/// Fills a SQLite store fast, as tests/Credentials.Core.Tests/KeyManagement/BulkFill.cs does: records sealed by the
/// vault's own sealer (so they open and rewrap like any other), inserted in one transaction.
/// </summary>
internal static class BulkFill
{
    public static void Insert(string databasePath, CredentialSealer sealer, int count, string[] organizations)
    {
        using var connection = new SqliteConnection("Data Source=" + databasePath + ";Pooling=False");
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
            var credentialKey = $"KEY_{i:D7}";
            var orgId = organizations[i % organizations.Length];
            var (kid, sealedBytes) = sealer.Seal(orgId, null, credentialId, credentialKey, 1, new ApiToken($"sk-bulk-{i:D7}-secret"));
            org.Value = orgId;
            key.Value = credentialKey;
            id.Value = credentialId.ToString("N");
            name.Value = "Bulk " + i;
            search.Value = CredentialRecords.SearchText("Bulk " + i, credentialKey);
            at.Value = DateTimeOffset.UnixEpoch.UtcTicks;
            keyId.Value = kid;
            sealedSecret.Value = sealedBytes;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
