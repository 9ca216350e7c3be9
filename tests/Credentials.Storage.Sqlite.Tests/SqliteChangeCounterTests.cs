namespace Credentials.Storage.Sqlite;

/// <summary>The change counter (the WAL index header in the <c>-shm</c> file) moves on every commit by anyone, and only then.</summary>
public sealed class SqliteChangeCounterTests : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task TryReadChangeCounter_NothingCommitted_StaysTheSame()
    {
        using var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();

        var first = Counter(storage);
        await storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY");
        await storage.GetSettingAsync("nothing");
        _database.Scalar("SELECT count(*) FROM credentials;");

        Assert.Equal(first, Counter(storage));
    }

    [Fact]
    public async Task TryReadChangeCounter_CommitByAnotherConnection_Moves()
    {
        using var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();
        var before = Counter(storage);

        _database.Scalar("CREATE TABLE IF NOT EXISTS scratch (x); INSERT INTO scratch VALUES (1);");
        var after = Counter(storage);
        _database.Scalar("INSERT INTO scratch VALUES (2);");

        Assert.NotEqual(before, after);
        Assert.NotEqual(after, Counter(storage));
        Assert.Equal(Counter(storage), Counter(storage));
    }

    [Fact]
    public async Task TryReadChangeCounter_CommitThroughTheStorageItself_Moves()
    {
        using var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();
        var before = Counter(storage);

        Assert.True(await storage.TryAddSettingAsync("scratch", [1, 2, 3]));

        Assert.NotEqual(before, Counter(storage));
    }

    [Fact]
    public void TryReadChangeCounter_InMemoryStore_CannotTell()
    {
        using var storage = new SqliteCredentialStorage("Data Source=:memory:");

        Assert.False(storage.TryReadChangeCounter(out _));
    }

    public void Dispose() => _database.Dispose();

    private static long Counter(SqliteCredentialStorage storage)
    {
        Assert.True(storage.TryReadChangeCounter(out var counter), "a file store in WAL mode can always read its change counter between commits");
        return counter;
    }
}
