namespace Credentials.Storage.Sqlite;

/// <summary>The SQLite provider against the storage contract, on a fresh temporary file per test.</summary>
public sealed class SqliteCredentialStorageTests : CredentialStorageConformanceTests
{
    private readonly TempDatabase _database = new();

    protected override Task<ICredentialStorage> CreateStorageAsync() =>
        Task.FromResult<ICredentialStorage>(new SqliteCredentialStorage(_database.ConnectionString));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
    }
}
