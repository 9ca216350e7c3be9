using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// A store whose file and folder this process cannot write (see <see cref="ReadOnlyFolder"/> for how that is made true
/// even as root): a current store still opens and reads; a write fails naming the file and the reason.
/// </summary>
public sealed class SqliteReadOnlyStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("credentials-sqlite-readonly-").FullName;
    private readonly CredentialRecord _record = TestRecords.New("acme", "OPENAI_API_KEY");
    private ReadOnlyFolder? _readOnly;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _readOnly?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [SkippableFact]
    public async Task InitializeAndReads_CurrentStoreInAReadOnlyFolder_Work()
    {
        var file = await ReadOnlyStoreAsync();
        using var storage = new SqliteCredentialStorage("Data Source=" + file);

        await storage.InitializeAsync();

        StorageAssert.SameRecord(_record, await storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));
        StorageAssert.SameRecord(_record, await storage.FindByIdAsync("acme", _record.Metadata.Id));
        var resolvable = await storage.FindResolvableByKeyAsync("acme", null, "OPENAI_API_KEY");
        Assert.Equal(_record.SealedSecret, resolvable!.SealedSecret);
        Assert.Equal("OPENAI_API_KEY", Assert.Single(await storage.ListAsync("acme", new CredentialStorageQuery(null, null, null, null, 10))).Key);
        Assert.Equal([1, 2, 3], await storage.GetSettingAsync("key-check/kek-1"));
        Assert.Equal(1, (await storage.CountByKeyIdAsync())["kek-1"]);
        Assert.False(File.Exists(file + "-wal"));
    }

    [SkippableFact]
    public async Task InitializeAndReads_ReadOnlyModeOnAReadOnlyFolder_Work()
    {
        var file = await ReadOnlyStoreAsync();
        using var storage = new SqliteCredentialStorage($"Data Source={file};Mode=ReadOnly");

        await storage.InitializeAsync();

        StorageAssert.SameRecord(_record, await storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));
    }

    [SkippableFact]
    public async Task Writes_ReadOnlyStore_ThrowNotTransientNamingTheFileAndTheReason()
    {
        var file = await ReadOnlyStoreAsync();
        using var storage = new SqliteCredentialStorage("Data Source=" + file);
        await storage.InitializeAsync();

        var errors = new[]
        {
            await Assert.ThrowsAsync<CredentialStorageException>(() => storage.InsertAsync(TestRecords.New("acme", "OTHER_KEY"))),
            await Assert.ThrowsAsync<CredentialStorageException>(() => storage.UpdateAsync(TestRecords.NextVersion(_record), 1)),
            await Assert.ThrowsAsync<CredentialStorageException>(() => storage.TryAddSettingAsync("key-check/kek-2", [4])),
            await Assert.ThrowsAsync<CredentialStorageException>(() => storage.SoftDeleteAsync("acme", _record.Metadata.Id, 1, [], TestRecords.CreatedAt)),
        };

        foreach (var error in errors)
        {
            Assert.False(error.IsTransient);
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
            Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
            Assert.Contains("creds.db-wal", error.Message, StringComparison.Ordinal);
            Assert.Equal(8, Assert.IsType<SqliteException>(error.InnerException).SqliteErrorCode); // SQLITE_READONLY
        }

        StorageAssert.SameRecord(_record, await storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));
    }

    [SkippableFact]
    public async Task InitializeAsync_ReadOnlyStoreOfAnOlderSchema_ThrowsSayingItNeedsWriteAccessForTheUpgrade()
    {
        var file = await ReadOnlyStoreAsync(before: connection => Execute(connection, "PRAGMA user_version = 1;"));
        using var storage = new SqliteCredentialStorage("Data Source=" + file);

        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => storage.InitializeAsync());

        Assert.False(error.IsTransient);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("needs an upgrade", error.Message, StringComparison.Ordinal);
        Assert.Contains("write access", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Reads_AnotherProcessStartsWritingTheStore_SeeItsChanges()
    {
        var file = await ReadOnlyStoreAsync();
        Skip.IfNot(_readOnly!.OriginalStaysWritable, $"The store was made read-only with {_readOnly.How}: no writable path to it for a second writer.");
        using var reader = new SqliteCredentialStorage("Data Source=" + file);
        await reader.InitializeAsync();
        Assert.NotNull(await reader.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));

        // The "other process": same files, through the writable path; it keeps its WAL open while the reader reads.
        var other = TestRecords.New("acme", "ANTHROPIC_API_KEY");
        using var writer = new SqliteCredentialStorage("Data Source=" + Path.Combine(_folder, "creds.db"));
        Assert.Equal(StorageWriteResult.Success, await writer.InsertAsync(other));

        StorageAssert.SameRecord(other, await reader.FindByKeyAsync("acme", null, "ANTHROPIC_API_KEY"));
        Assert.Equal(2, (await reader.ListAsync("acme", new CredentialStorageQuery(null, null, null, null, 10))).Count);
        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => reader.InsertAsync(TestRecords.New("acme", "THIRD_KEY")));
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A current store holding <see cref="_record"/> and a setting, closed (no -wal, no -shm), then made read-only.</summary>
    private async Task<string> ReadOnlyStoreAsync(Action<SqliteConnection>? before = null)
    {
        var file = Path.Combine(_folder, "creds.db");
        using (var storage = new SqliteCredentialStorage("Data Source=" + file))
        {
            await storage.InitializeAsync();
            Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(_record));
            Assert.True(await storage.TryAddSettingAsync("key-check/kek-1", [1, 2, 3]));
        }

        if (before is not null)
        {
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            before(connection);
        }

        // The last connection to close checkpoints the WAL and deletes the -wal and -shm files, as at a clean shutdown.
        SqliteConnection.ClearAllPools();
        Assert.False(File.Exists(file + "-wal"), "The store must be closed cleanly before it is made read-only.");
        _readOnly = ReadOnlyFolder.TryCreate(_folder, out var whyNot);
        FileSystemFaults.RequireOrSkip(whyNot);
        var readOnlyFile = Path.Combine(_readOnly!.Path, "creds.db");

        // The setup really is read-only for this process (root included): a plain SQLite write fails.
        using (var probe = new SqliteConnection($"Data Source={readOnlyFile};Pooling=False"))
        {
            probe.Open();
            var write = Assert.Throws<SqliteException>(() => Execute(probe, "INSERT INTO settings (name, value) VALUES ('probe', x'00');"));
            Assert.Contains(write.SqliteErrorCode, new[] { 8, 14 }); // SQLITE_READONLY, or SQLITE_CANTOPEN (no -wal can be created)
        }

        return readOnlyFile;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
