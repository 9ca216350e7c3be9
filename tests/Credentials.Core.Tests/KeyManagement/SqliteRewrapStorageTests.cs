using Credentials.Storage;
using Credentials.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Credentials.Tests.KeyManagement;

public sealed class SqliteRewrapStorageTests : RewrapStorageTests, IDisposable
{
    private readonly TempDirectory _directory = new("credentials-rewrap-storage-");

    [Fact]
    public async Task RewrapQuery_SeeksTheKeyIdIndexInPrimaryKeyOrderWithoutSorting()
    {
        var path = _directory.File("plan.db");
        await new SqliteCredentialStorage("Data Source=" + path).InitializeAsync();
        using var connection = new SqliteConnection("Data Source=" + path);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT org_id, id, key, version, key_id, sealed FROM credentials INDEXED BY ix_credentials_key_id WHERE key_id <> 'k' AND (key_id, org_id, key) > ('a', 'b', 'c') ORDER BY key_id, org_id, key LIMIT 10;";
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, p => p.Contains("ix_credentials_key_id ((key_id,org_id,key)>(?,?,?))", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    protected override ICredentialStorage CreateStorage() => new SqliteCredentialStorage("Data Source=" + _directory.File(Guid.NewGuid().ToString("N") + ".db"));

    public void Dispose() => _directory.Dispose();
}
