using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// A server that is not there (a closed port: connection refused) is a transient <see cref="CredentialStorageException"/>
/// from every call, the change listener included, whose message names the host and port but never the password or the
/// connection string. Needs no PostgreSQL server, so it always runs.
/// </summary>
public sealed class PostgresUnreachableServerTests : IAsyncLifetime
{
    private readonly string _password = "pw-marker-" + Guid.NewGuid().ToString("N");
    private readonly int _port = ClosedPort();
    private string _connectionString = null!;
    private PostgresCredentialStorage _storage = null!;

    public Task InitializeAsync()
    {
        _connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = _port,
            Database = "app_db",
            Username = "app_user",
            Password = _password,
            Timeout = 5,
        }.ConnectionString;
        _storage = new PostgresCredentialStorage(_connectionString, "creds");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task Calls_ConnectionRefused_ThrowTransientNamingHostAndPortOnly()
    {
        var errors = new[]
        {
            await Assert.ThrowsAsync<CredentialStorageException>(() => _storage.InitializeAsync()),
            await Assert.ThrowsAsync<CredentialStorageException>(() => _storage.FindResolvableByKeyAsync("acme", null, "OPENAI_API_KEY")),
            await Assert.ThrowsAsync<CredentialStorageException>(() => _storage.InsertAsync(TestRecords.New("acme", "OPENAI_API_KEY"))),
            await Assert.ThrowsAsync<CredentialStorageException>(() => _storage.SoftDeleteAsync("acme", Guid.NewGuid(), 1, [], TestRecords.CreatedAt)),
            await Assert.ThrowsAsync<CredentialStorageException>(() => _storage.TryAddSettingAsync("key-check/kek-1", [1])),
        };

        foreach (var error in errors)
        {
            Assert.True(error.IsTransient);
            Assert.Contains($"127.0.0.1:{_port}", error.Message, StringComparison.Ordinal);
            Assert.Contains("database 'app_db'", error.Message, StringComparison.Ordinal);
            Assert.Contains("schema 'creds'", error.Message, StringComparison.Ordinal);
            Assert.Contains("refused the connection", error.Message, StringComparison.Ordinal);
            Assert.IsType<NpgsqlException>(error.InnerException, exactMatch: false);
            PostgresMessages.AssertSafe(error, _password, _connectionString);
        }
    }

    [Fact]
    public async Task SubscribeAsync_ConnectionRefused_ThrowsTransientStorageException()
    {
        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => _storage.SubscribeAsync(_ => { }));

        Assert.True(error.IsTransient);
        Assert.Contains($"127.0.0.1:{_port}", error.Message, StringComparison.Ordinal);
        PostgresMessages.AssertSafe(error, _password, _connectionString);
    }

    [Fact]
    public async Task InitializeAsync_CancelledToken_ThrowsOperationCanceledNotAStorageError()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _storage.InitializeAsync(cancelled.Token));
    }

    /// <summary>A loopback port nothing listens on: bound, read and released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
