using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Real storage failures (a missing folder, a damaged file, a database locked past the busy timeout, a full disk) come out
/// as <see cref="CredentialStorageException"/> naming the file and the reason, with SQLite's exception inside.
/// </summary>
public sealed class SqliteStorageFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("credentials-sqlite-failures-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task InitializeAsync_FolderMissing_CreatesItPrivateAndTheStoreWorks()
    {
        var file = Path.Combine(_folder, "data", "nested", "creds.db");
        using var storage = new SqliteCredentialStorage("Data Source=" + file);

        await storage.InitializeAsync();

        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Assert.Equal(owner, File.GetUnixFileMode(Path.Combine(_folder, "data")));
            Assert.Equal(owner, File.GetUnixFileMode(Path.Combine(_folder, "data", "nested")));
        }

        var record = TestRecords.New("acme", "OPENAI_API_KEY");
        Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(record));
        StorageAssert.SameRecord(record, await storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));
    }

    [Fact]
    public async Task InitializeAsync_RelativeDataSourceInAMissingFolder_CreatesTheFolder()
    {
        var file = Path.Combine(_folder, "data", "creds.db");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        Assert.False(Path.IsPathRooted(relative));
        using var storage = new SqliteCredentialStorage("Data Source=" + relative);

        await storage.InitializeAsync();

        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task InitializeAsync_UriDataSourceInAMissingFolder_CreatesTheFolder()
    {
        var file = Path.Combine(_folder, "uri data", "creds.db");
        using var storage = new SqliteCredentialStorage("Data Source=file:" + file.Replace(" ", "%20", StringComparison.Ordinal) + "?cache=private");

        await storage.InitializeAsync();

        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task InitializeAsync_FolderCannotBeCreated_ThrowsNamingTheFolderAndWhy()
    {
        // A regular file where a folder of the path should be: creating the folder fails for root too.
        var blocker = Path.Combine(_folder, "blocker");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var file = Path.Combine(blocker, "data", "creds.db");
        using var storage = new SqliteCredentialStorage("Data Source=" + file);

        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => storage.InitializeAsync());

        Assert.False(error.IsTransient);
        Assert.Contains(Path.Combine(blocker, "data"), error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist and creating it failed", error.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(error.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task InitializeAsync_ReadOnlyModeAndFolderMissing_DoesNotCreateTheFolderAndNamesThePath()
    {
        var file = Path.Combine(_folder, "data", "creds.db");
        using var storage = new SqliteCredentialStorage($"Data Source={file};Mode=ReadOnly");

        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => storage.InitializeAsync());

        Assert.False(error.IsTransient);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Equal(14, Assert.IsType<SqliteException>(error.InnerException).SqliteErrorCode); // SQLITE_CANTOPEN
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")));
    }

    [Theory]
    [InlineData("Data Source={0};Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=file:{0}?mode=memory&cache=shared")]
    public async Task InitializeAsync_InMemory_CreatesNoFolder(string format)
    {
        var file = Path.Combine(_folder, "never", "creds.db");
        using var storage = new SqliteCredentialStorage(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, file));

        await storage.InitializeAsync();

        Assert.False(Directory.Exists(Path.Combine(_folder, "never")));
    }

    [Fact]
    public async Task AnyCall_FileOfGarbage_ThrowsNotTransientNamingTheFile()
    {
        var file = Path.Combine(_folder, "garbage.db");
        await File.WriteAllBytesAsync(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(16_384));
        using var storage = new SqliteCredentialStorage("Data Source=" + file);

        var init = await Assert.ThrowsAsync<CredentialStorageException>(() => storage.InitializeAsync());
        var find = await Assert.ThrowsAsync<CredentialStorageException>(() => storage.FindResolvableByKeyAsync("acme", null, "OPENAI_API_KEY"));
        var insert = await Assert.ThrowsAsync<CredentialStorageException>(() => storage.InsertAsync(TestRecords.New("acme", "OPENAI_API_KEY")));

        foreach (var error in new[] { init, find, insert })
        {
            Assert.False(error.IsTransient);
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
            Assert.Contains("damaged or is not a SQLite database", error.Message, StringComparison.Ordinal);
            Assert.Equal(26, Assert.IsType<SqliteException>(error.InnerException).SqliteErrorCode); // SQLITE_NOTADB
        }
    }

    [Fact]
    public async Task ListAsync_PagesOverwrittenWithGarbage_ThrowsCorruptNotTransient()
    {
        var file = Path.Combine(_folder, "corrupt.db");
        using (var storage = new SqliteCredentialStorage("Data Source=" + file))
        {
            await storage.InitializeAsync();
            for (var i = 0; i < 50; i++)
            {
                await storage.InsertAsync(TestRecords.New("acme", "KEY_" + i));
            }
        }

        SqliteConnection.ClearAllPools();
        // Keep the header page (so the file still is a SQLite database), ruin every page after it.
        await using (var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = 4096;
            var garbage = new byte[stream.Length - 4096];
            Array.Fill(garbage, (byte)0x5A);
            await stream.WriteAsync(garbage);
        }

        using var damaged = new SqliteCredentialStorage("Data Source=" + file);
        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => damaged.ListAsync("acme", new CredentialStorageQuery(null, null, null, null, 100)));

        Assert.False(error.IsTransient);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Equal(11, Assert.IsType<SqliteException>(error.InnerException).SqliteErrorCode); // SQLITE_CORRUPT
    }

    [Fact]
    public async Task InsertAsync_AnotherConnectionHoldsTheWriteLockPastTheBusyTimeout_ThrowsTransientNamingTheFile()
    {
        var file = Path.Combine(_folder, "busy.db");
        using var storage = new SqliteCredentialStorage($"Data Source={file};Default Timeout=1");
        await storage.InitializeAsync();
        using var holder = new SqliteConnection($"Data Source={file};Pooling=False");
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => storage.InsertAsync(TestRecords.New("acme", "OPENAI_API_KEY")));

        Assert.True(error.IsTransient);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("locked", error.Message, StringComparison.Ordinal);
        Assert.Contains("busy timeout of 1 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, Assert.IsType<SqliteException>(error.InnerException).SqliteErrorCode); // SQLITE_BUSY

        // Transient indeed: once the other writer is done, the same call succeeds.
        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(TestRecords.New("acme", "OPENAI_API_KEY")));
    }

    [SkippableFact]
    public async Task InsertAsync_DiskFull_ThrowsNotTransientNamingTheFile()
    {
        using var disk = SmallDisk.TryMount("512k", out var whyNot);
        FileSystemFaults.RequireOrSkip(whyNot);
        var file = Path.Combine(disk!.Path, "creds.db");
        using var storage = new SqliteCredentialStorage("Data Source=" + file);
        await storage.InitializeAsync();
        var kept = TestRecords.New("acme", "KEPT");
        Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(kept));

        CredentialStorageException? error = null;
        for (var i = 0; i < 100 && error is null; i++)
        {
            var big = TestRecords.New("acme", "BIG_" + i) is var r ? r with { SealedSecret = TestRecords.SealedBytes(64 * 1024) } : null!;
            error = await Record.ExceptionAsync(() => storage.InsertAsync(big)) as CredentialStorageException;
        }

        Assert.NotNull(error);
        Assert.False(error.IsTransient);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("full", error.Message, StringComparison.Ordinal);
        Assert.Equal(13, Assert.IsType<SqliteException>(error.InnerException).SqliteErrorCode); // SQLITE_FULL
        StorageAssert.SameRecord(kept, await storage.FindByKeyAsync("acme", null, "KEPT"));
    }
}
