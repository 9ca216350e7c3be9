namespace Credentials.Storage.Sqlite;

/// <summary>The SQLite provider against the storage contract, on a fresh temporary file per test.</summary>
public sealed class SqliteCredentialStorageTests : CredentialStorageConformanceTests
{
    private readonly TempDatabase _database = new();

    protected override Task<ICredentialStorage> CreateStorageAsync() =>
        Task.FromResult<ICredentialStorage>(new SqliteCredentialStorage(_database.ConnectionString));

    /// <summary>A file of random bytes: SQLite opens it, and every statement fails with SQLITE_NOTADB.</summary>
    protected override async Task<ICredentialStorage?> CreateBrokenStorageAsync()
    {
        var file = _database.FilePath + ".garbage";
        await File.WriteAllBytesAsync(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(8192));
        return new SqliteCredentialStorage("Data Source=" + file);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
    }
}
