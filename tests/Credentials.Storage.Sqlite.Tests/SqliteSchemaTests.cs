namespace Credentials.Storage.Sqlite;

/// <summary>What <see cref="SqliteCredentialStorage.InitializeAsync"/> does to the file.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    // Pinned on purpose: a new migration must bump this, and should come with a test that upgrades a file of the
    // previous version.
    private const long CurrentSchemaVersion = 6;

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task InitializeAsync_NewFile_UsesWalJournalMode()
    {
        await new SqliteCredentialStorage(_database.ConnectionString).InitializeAsync();

        Assert.Equal("wal", _database.Scalar("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task InitializeAsync_NewFile_SetsUserVersionToCurrentAndCreatesTables()
    {
        await new SqliteCredentialStorage(_database.ConnectionString).InitializeAsync();

        Assert.Equal(CurrentSchemaVersion, _database.Scalar("PRAGMA user_version;"));
        Assert.Equal(4L, _database.Scalar(
            "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('credentials', 'settings', 'credential_assignments', 'deleted_credentials');"));
    }

    [Fact]
    public async Task InitializeAsync_ManyStoragesAtOnceOnNewFile_AllSucceedAndSchemaIsAppliedOnce()
    {
        const int contenders = 8;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, contenders).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            await new SqliteCredentialStorage(_database.ConnectionString).InitializeAsync();
        })).ToArray();

        start.SetResult();
        await Task.WhenAll(tasks);

        Assert.Equal(CurrentSchemaVersion, _database.Scalar("PRAGMA user_version;"));
        Assert.Equal("wal", _database.Scalar("PRAGMA journal_mode;"));
        Assert.Equal(1L, _database.Scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'credentials';"));
        var storage = new SqliteCredentialStorage(_database.ConnectionString);
        var record = TestRecords.New("acme", "OPENAI_API_KEY");
        Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(record));
        StorageAssert.SameRecord(record, await storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));
    }

    [Fact]
    public async Task InitializeAsync_ExistingFile_KeepsRowsAndVersion()
    {
        var first = new SqliteCredentialStorage(_database.ConnectionString);
        await first.InitializeAsync();
        var record = TestRecords.New("acme", "OPENAI_API_KEY");
        Assert.Equal(StorageWriteResult.Success, await first.InsertAsync(record));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var second = new SqliteCredentialStorage(_database.ConnectionString);
        await second.InitializeAsync();

        Assert.Equal(CurrentSchemaVersion, _database.Scalar("PRAGMA user_version;"));
        StorageAssert.SameRecord(record, await second.FindByIdAsync("acme", record.Metadata.Id));
    }

    [Fact]
    public async Task InitializeAsync_FileOfANewerSchema_ThrowsNonTransientStorageExceptionAndChangesNothing()
    {
        var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();
        Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(TestRecords.New("acme", "OPENAI_API_KEY")));
        var newer = CurrentSchemaVersion + 1;
        _database.Scalar($"PRAGMA user_version = {newer};");

        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => new SqliteCredentialStorage(_database.ConnectionString).InitializeAsync());

        Assert.False(error.IsTransient);
        Assert.Contains(_database.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains($"schema version {newer}", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer than this library understands", error.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade", error.Message, StringComparison.Ordinal);
        Assert.Equal(newer, _database.Scalar("PRAGMA user_version;"));
        Assert.Equal(1L, _database.Scalar("SELECT COUNT(*) FROM credentials;"));
    }

    [Fact]
    public async Task InitializeAsync_EmptyFileStampedWithAFutureVersion_CreatesNoTables()
    {
        _database.Scalar("PRAGMA user_version = 1000;");

        await Assert.ThrowsAsync<CredentialStorageException>(() => new SqliteCredentialStorage(_database.ConnectionString).InitializeAsync());

        Assert.Equal(1000L, _database.Scalar("PRAGMA user_version;"));
        Assert.Equal(0L, _database.Scalar("SELECT COUNT(*) FROM sqlite_schema;"));
    }
}
