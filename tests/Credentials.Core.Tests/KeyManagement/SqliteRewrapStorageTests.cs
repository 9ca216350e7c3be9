using Credentials.Storage;
using Credentials.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Credentials.Tests.KeyManagement;

public sealed class SqliteRewrapStorageTests : RewrapStorageTests, IDisposable
{
    private readonly TempDirectory _directory = new("credentials-rewrap-storage-");

    [Fact]
    public async Task Initialize_StoreAtSchemaVersion1_MigratesToTheRewrapIndexKeepingRows()
    {
        var path = _directory.File("v1.db");
        using (var connection = new SqliteConnection("Data Source=" + path))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The shipped first migration, verbatim, and one row written by that version.
            command.CommandText =
                """
                CREATE TABLE credentials (
                    org_id TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL,
                    type TEXT NOT NULL, masked_summary TEXT NOT NULL, template_id TEXT NULL, search_text TEXT NOT NULL,
                    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, version INTEGER NOT NULL, key_id TEXT NOT NULL,
                    sealed BLOB NOT NULL, PRIMARY KEY (org_id, key)) WITHOUT ROWID;
                CREATE UNIQUE INDEX ux_credentials_org_id ON credentials (org_id, id);
                CREATE INDEX ix_credentials_key_id ON credentials (key_id);
                CREATE TABLE settings (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID;
                INSERT INTO credentials VALUES ('acme', 'KEY', '0123456789abcdef0123456789abcdef', 'N', 'custom', 'api_token', 'x', NULL, 'N', 1, 1, 1, 'k-old', x'00');
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
        }

        var storage = new SqliteCredentialStorage("Data Source=" + path);
        await storage.InitializeAsync();

        using (var connection = new SqliteConnection("Data Source=" + path))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT user_version FROM pragma_user_version), (SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_credentials_rewrap');";
            using var reader = command.ExecuteReader();
            reader.Read();
            Assert.Equal(2, reader.GetInt32(0));
            Assert.Equal(1, reader.GetInt32(1));
        }

        Assert.Single(await storage.ListNotUnderKeyAsync("k-new", null, 10));
    }

    [Fact]
    public async Task RewrapQuery_SeeksTheRewrapIndexWithoutSorting()
    {
        var path = _directory.File("plan.db");
        await new SqliteCredentialStorage("Data Source=" + path).InitializeAsync();
        using var connection = new SqliteConnection("Data Source=" + path);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT org_id, id, version, key_id, sealed FROM credentials INDEXED BY ix_credentials_rewrap WHERE (org_id, id) > ('a', 'b') AND key_id <> 'k' ORDER BY org_id, id LIMIT 10;";
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, p => p.Contains("ix_credentials_rewrap", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    protected override ICredentialStorage CreateStorage() => new SqliteCredentialStorage("Data Source=" + _directory.File(Guid.NewGuid().ToString("N") + ".db"));

    public void Dispose() => _directory.Dispose();
}
