using Credentials;
using Microsoft.Data.Sqlite;

namespace Credentials.Benchmarks;

/// <summary>Fills a vault's SQLite file fast: sealed by the vault's own sealer, inserted in one transaction.</summary>
internal static class BenchmarkData
{
    /// <summary>Sizes to run: 10,000 always; 1,000,000 too when CREDENTIALS_BENCH_FULL=1 (the short mode skips it).</summary>
    public static IEnumerable<int> Sizes() =>
        Environment.GetEnvironmentVariable("CREDENTIALS_BENCH_FULL") == "1" ? [10_000, 1_000_000] : [10_000];

    public static string Key(int i) => $"KEY_{i:D7}";

    public static string Token(int i) => $"sk-proj-{i:D7}-0123456789abcdef0123456789abcdef";

    public static void FillVault(string database, CredentialSealer sealer, int count, string[] orgs, string? owner = null)
    {
        using var connection = new SqliteConnection("Data Source=" + database);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT INTO credentials (org_id, key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version, owner_user_id, key_id, sealed) " +
            "VALUES ($org, $key, $id, $name, 'llm_provider', 'api_token', '••••abcd', NULL, $search, 0, 0, 1, $owner, $keyId, $sealed);";
        command.Parameters.AddWithValue("$owner", owner ?? string.Empty); // the organization's shared credentials: 
        var org = command.Parameters.Add("$org", SqliteType.Text);
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var search = command.Parameters.Add("$search", SqliteType.Text);
        var keyId = command.Parameters.Add("$keyId", SqliteType.Text);
        var sealedSecret = command.Parameters.Add("$sealed", SqliteType.Blob);
        command.Prepare();
        for (var i = 0; i < count; i++)
        {
            var credentialId = Guid.NewGuid();
            var orgId = orgs[i % orgs.Length];
            var credentialKey = Key(i);
            var (kid, sealedBytes) = sealer.Seal(orgId, owner, credentialId, credentialKey, 1, new ApiToken(Token(i)));
            org.Value = orgId;
            key.Value = credentialKey;
            id.Value = credentialId.ToString("N");
            name.Value = "Bench " + credentialKey;
            search.Value = CredentialRecords.SearchText("Bench " + credentialKey, credentialKey);
            keyId.Value = kid;
            sealedSecret.Value = sealedBytes;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
