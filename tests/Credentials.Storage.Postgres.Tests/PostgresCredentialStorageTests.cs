using Credentials.Storage.Postgres.Testing;

namespace Credentials.Storage.Postgres;

/// <summary>The PostgreSQL provider against the storage contract, each test in a fresh schema of its own, dropped afterwards.</summary>
[RequiresPostgres]
public sealed class PostgresCredentialStorageTests : CredentialStorageConformanceTests
{
    private readonly TestSchema _schema = new();
    private PostgresCredentialStorage? _storage;

    protected override Task<ICredentialStorage> CreateStorageAsync()
    {
        _storage = new PostgresCredentialStorage(TestSchema.DataSource, _schema.Name);
        return Task.FromResult<ICredentialStorage>(_storage);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        await _schema.DisposeAsync();
    }
}
