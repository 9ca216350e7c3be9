namespace Credentials.Storage.Sqlite;

/// <summary>The change counter (<c>PRAGMA data_version</c>) moves on every commit by anyone, and only then.</summary>
public sealed class SqliteChangeCounterTests : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task GetChangeCounterAsync_NothingCommitted_StaysTheSame()
    {
        using var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();

        var first = await storage.GetChangeCounterAsync();
        await storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY");
        await storage.GetSettingAsync("nothing");
        _database.Scalar("SELECT count(*) FROM credentials;");

        Assert.Equal(first, await storage.GetChangeCounterAsync());
    }

    [Fact]
    public async Task GetChangeCounterAsync_CommitByAnotherConnection_Moves()
    {
        using var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();
        var before = await storage.GetChangeCounterAsync();

        _database.Scalar("CREATE TABLE IF NOT EXISTS scratch (x); INSERT INTO scratch VALUES (1);");
        var after = await storage.GetChangeCounterAsync();
        _database.Scalar("INSERT INTO scratch VALUES (2);");

        Assert.NotEqual(before, after);
        Assert.NotEqual(after, await storage.GetChangeCounterAsync());
        Assert.Equal(await storage.GetChangeCounterAsync(), await storage.GetChangeCounterAsync());
    }

    [Fact]
    public async Task GetChangeCounterAsync_CommitThroughTheStorageItself_Moves()
    {
        using var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();
        var before = await storage.GetChangeCounterAsync();

        Assert.True(await storage.TryAddSettingAsync("scratch", [1, 2, 3]));

        Assert.NotEqual(before, await storage.GetChangeCounterAsync());
    }

    public void Dispose() => _database.Dispose();
}
