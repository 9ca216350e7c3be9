namespace Credentials.Storage.Sqlite;

/// <summary>The SQLite side of the retired-key fence that the conformance suite cannot reach through the contract alone.</summary>
public sealed class SqliteFenceTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task RestoreAsync_DeletedRowUnderARetiredKey_ReturnsKeyRetiredAndChangesNothing()
    {
        var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();
        var record = TestRecords.New("acme", "A_KEY", keyId: "kek-old");
        Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(record));
        Assert.Equal(StorageWriteResult.Success, await storage.SoftDeleteAsync("acme", record.Metadata.Id, 1, [], TestRecords.CreatedAt));

        // Only a row rolled back from a backup can be in the bin under a retired key: RetireKeyAsync counts the bin.
        _database.Scalar("INSERT INTO retired_keys (key_id) VALUES ('kek-old');");

        Assert.Equal(StorageWriteResult.KeyRetired, await storage.RestoreAsync("acme", record.Metadata.Id));
        Assert.NotNull(await storage.FindDeletedAsync("acme", record.Metadata.Id));
        Assert.Null(await storage.FindByIdAsync("acme", record.Metadata.Id));
        Assert.Equal(StorageWriteResult.NotFound, await storage.RestoreAsync("acme", Guid.NewGuid()));
    }

    [Fact]
    public async Task InitializeAsync_Version2FileWithRetiredKeySettings_CopiesThemIntoTheFence()
    {
        var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();
        // A store of schema version 2 as the previous version left it: retirements only as settings.
        _database.Scalar("DROP TABLE audit_log; DROP TABLE audit_heads; DROP INDEX ix_credentials_expires_at; ALTER TABLE credentials DROP COLUMN expires_at; ALTER TABLE credentials DROP COLUMN last_used_at; ALTER TABLE deleted_credentials DROP COLUMN expires_at; ALTER TABLE deleted_credentials DROP COLUMN last_used_at; DROP TABLE retired_keys; DROP TABLE oauth_flows; DROP TABLE oauth_leases; DROP TABLE oauth_connections; PRAGMA user_version = 3;");
        Assert.True(await storage.TryAddSettingAsync("key-retired/k-old", [0, 0, 0, 0, 0, 0, 0, 1]));
        Assert.True(await storage.TryAddSettingAsync("key-check/k-old", [1]));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var upgraded = new SqliteCredentialStorage(_database.ConnectionString);
        await upgraded.InitializeAsync();

        Assert.Equal(6L, _database.Scalar("PRAGMA user_version;"));
        Assert.Equal(["k-old"], await upgraded.ListRetiredKeysAsync());
        Assert.Equal(StorageWriteResult.KeyRetired, await upgraded.InsertAsync(TestRecords.New("acme", "A_KEY", keyId: "k-old")));
    }
}
