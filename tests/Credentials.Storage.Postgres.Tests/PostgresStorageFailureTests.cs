using Credentials.Storage.Postgres.Testing;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Real server-side failures on the shared test server, without stopping it: the storage's own connections terminated
/// (as a restart or an administrator would), a refused login, and a cancellation while waiting. Each storage here has a
/// pool of its own, tagged with a unique application name, so only its own backends are terminated.
/// </summary>
[RequiresPostgres]
public sealed class PostgresStorageFailureTests : IAsyncLifetime
{
    private readonly TestSchema _schema = new();
    private readonly string _application = "credentials-test-" + Guid.NewGuid().ToString("N")[..12];
    private PostgresCredentialStorage _storage = null!;
    private CredentialRecord _record = null!;

    public async Task InitializeAsync()
    {
        var settings = new NpgsqlConnectionStringBuilder(TestSchema.ConnectionString) { ApplicationName = _application };
        _storage = new PostgresCredentialStorage(settings.ConnectionString, _schema.Name);
        await _storage.InitializeAsync();
        _record = TestRecords.New("acme", "OPENAI_API_KEY");
        Assert.Equal(StorageWriteResult.Success, await _storage.InsertAsync(_record));
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        await _schema.DisposeAsync();
    }

    [Fact]
    public async Task NextCall_AfterTheServerTerminatedTheStoragesConnections_IsTransient_AndARetrySucceeds()
    {
        Assert.True(await TerminateAsync() > 0);

        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => _storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));

        Assert.True(error.IsTransient, error.Message);
        Assert.Contains($"schema '{_schema.Name}'", error.Message, StringComparison.Ordinal);
        Assert.IsType<NpgsqlException>(error.InnerException, exactMatch: false);
        PostgresMessages.AssertSafe(error, Password(), TestSchema.ConnectionString);
        StorageAssert.SameRecord(_record, await _storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));
    }

    [Fact]
    public async Task UpdateAsync_ConnectionTerminatedWhileWaitingForALock_IsTransient_AndChangedNothing()
    {
        await using var holder = await LockRowAsync();
        var update = _storage.UpdateAsync(TestRecords.NextVersion(_record), 1);
        Assert.True(await WaitingForLockAsync(), "The update should be waiting for the row lock.");

        Assert.True(await TerminateAsync() > 0);
        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => update);

        Assert.True(error.IsTransient, error.Message);
        var server = Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal("57P01", server.SqlState); // admin_shutdown: what a fast shutdown or a restart sends too
        Assert.Contains("shutting down or restarting", error.Message, StringComparison.Ordinal);
        PostgresMessages.AssertSafe(error, Password(), TestSchema.ConnectionString);
        await holder.DisposeAsync();
        StorageAssert.SameRecord(_record, await _storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));
    }

    [Fact]
    public async Task UpdateAsync_CancelledWhileWaitingForALock_ThrowsOperationCanceledNotAStorageError()
    {
        await using var holder = await LockRowAsync();
        using var cancel = new CancellationTokenSource();
        var update = _storage.UpdateAsync(TestRecords.NextVersion(_record), 1, cancel.Token);
        Assert.True(await WaitingForLockAsync(), "The update should be waiting for the row lock.");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => update);
    }

    [Fact]
    public async Task Calls_WrongPassword_AreNotTransient_AndNeverShowThePassword()
    {
        var wrong = "wrong-pw-marker-" + Guid.NewGuid().ToString("N");
        var connectionString = new NpgsqlConnectionStringBuilder(TestSchema.ConnectionString) { Password = wrong }.ConnectionString;
        await using var storage = new PostgresCredentialStorage(connectionString, _schema.Name);

        var errors = new[]
        {
            await Assert.ThrowsAsync<CredentialStorageException>(() => storage.InitializeAsync()),
            await Assert.ThrowsAsync<CredentialStorageException>(() => storage.FindResolvableByKeyAsync("acme", null, "OPENAI_API_KEY")),
            await Assert.ThrowsAsync<CredentialStorageException>(() => storage.SubscribeAsync(_ => { })),
        };

        foreach (var error in errors)
        {
            Assert.False(error.IsTransient, error.Message);
            Assert.Contains("refused the login", error.Message, StringComparison.Ordinal);
            Assert.Equal("28P01", Assert.IsType<PostgresException>(error.InnerException).SqlState); // invalid_password
            PostgresMessages.AssertSafe(error, wrong, connectionString);
            PostgresMessages.AssertSafe(error, Password(), TestSchema.ConnectionString);
        }
    }

    private static string Password() => new NpgsqlConnectionStringBuilder(TestSchema.ConnectionString).Password ?? "(none)";

    /// <summary>Terminates every backend of this storage's pool; returns how many.</summary>
    private async Task<long> TerminateAsync() =>
        (long)(await TestSchema.ScalarAsync(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) AS t", _application))!;

    /// <summary>Opens a transaction of the test's own that holds the row of <see cref="_record"/> locked until disposed.</summary>
    private async Task<RowLock> LockRowAsync()
    {
        var connection = await TestSchema.DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"SELECT 1 FROM \"{_schema.Name}\".credentials WHERE org_id = 'acme' AND key = 'OPENAI_API_KEY' FOR UPDATE", connection, transaction);
        await command.ExecuteScalarAsync();
        return new RowLock(connection, transaction);
    }

    private async Task<bool> WaitingForLockAsync() => await PostgresVault.EventuallyAsync(
        async () => (long)(await TestSchema.ScalarAsync(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", _application))! > 0,
        TimeSpan.FromSeconds(10));

    private sealed class RowLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
