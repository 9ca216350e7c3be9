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

    /// <summary>The test server's settings with a port nothing listens on: every call is refused.</summary>
    protected override Task<ICredentialStorage?> CreateBrokenStorageAsync()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(TestSchema.ConnectionString) { Host = "127.0.0.1", Port = port };
        return Task.FromResult<ICredentialStorage?>(new PostgresCredentialStorage(settings.ConnectionString, _schema.Name));
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
