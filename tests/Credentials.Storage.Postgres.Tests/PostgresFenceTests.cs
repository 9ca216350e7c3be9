using Credentials.Storage.Postgres.Testing;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// The retired-key fence under READ COMMITTED, proven with transactions held open at the exact points where a race would
/// slip through: a writer that has taken its key's shared lock and is waiting on a row, and a retirement that holds the
/// exclusive one. Each wait is observed in <c>pg_locks</c>, so nothing depends on timing.
/// </summary>
[RequiresPostgres]
public sealed class PostgresFenceTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly TestSchema _schema = new();
    private PostgresCredentialStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = new PostgresCredentialStorage(TestSchema.DataSource, _schema.Name);
        await _storage.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        await _schema.DisposeAsync();
    }

    [Fact]
    public async Task RetireKeyAsync_WhileAnInsertUnderTheKeyIsInFlight_WaitsForItThenIsRefused()
    {
        // Another session inserts the same (org, key) and keeps its transaction open: the provider's insert, once it holds
        // the key's shared lock, waits on that row.
        await using var blocker = await BeginAsync();
        await ExecuteAsync(blocker, $"INSERT INTO {Table("credentials")} ({PostgresStatements.Columns}, key_id, sealed) " +
            "VALUES ('acme', 'A_KEY', gen_random_uuid(), 'n', 'c', 't', 'm', NULL, 's', now(), now(), 1, '', NULL, NULL, 'kek-other', '\\x00')");
        var insert = _storage.InsertAsync(TestRecords.New("acme", "A_KEY", keyId: "kek-1"));
        await WaitForAdvisoryLockAsync("kek-1", "ShareLock", granted: true);

        var retire = _storage.RetireKeyAsync("kek-1", TestRecords.CreatedAt);
        await WaitForAdvisoryLockAsync("kek-1", "ExclusiveLock", granted: false);
        Assert.False(retire.IsCompleted);

        await blocker.Transaction.RollbackAsync();

        Assert.Equal(StorageWriteResult.Success, await insert.WaitAsync(Bound));
        Assert.Equal(1, await retire.WaitAsync(Bound));
        Assert.Empty(await _storage.ListRetiredKeysAsync());
    }

    [Fact]
    public async Task RetireKeyAsync_WhileAnUpdateToTheKeyWaitsOnItsRow_WaitsForItThenIsRefused()
    {
        var record = TestRecords.New("acme", "A_KEY", keyId: "kek-1");
        Assert.Equal(StorageWriteResult.Success, await _storage.InsertAsync(record));
        await using var blocker = await BeginAsync();
        await ExecuteAsync(blocker, $"SELECT 1 FROM {Table("credentials")} WHERE org_id = 'acme' AND key = 'A_KEY' FOR UPDATE");
        var update = _storage.UpdateAsync(TestRecords.NextVersion(record, keyId: "kek-2"), expectedVersion: 1);
        await WaitForAdvisoryLockAsync("kek-2", "ShareLock", granted: true);

        var retire = _storage.RetireKeyAsync("kek-2", TestRecords.CreatedAt);
        await WaitForAdvisoryLockAsync("kek-2", "ExclusiveLock", granted: false);
        await blocker.Transaction.CommitAsync();

        Assert.Equal(StorageWriteResult.Success, await update.WaitAsync(Bound));
        Assert.Equal(1, await retire.WaitAsync(Bound));
        Assert.Equal("kek-2", (await _storage.FindByIdAsync("acme", record.Metadata.Id))!.KeyId);
    }

    [Fact]
    public async Task ReplaceSealedAsync_WhileARetirementOfTheNewKeyIsInFlight_WaitsForItThenIsNotApplied()
    {
        var record = TestRecords.New("acme", "A_KEY", keyId: "kek-1");
        Assert.Equal(StorageWriteResult.Success, await _storage.InsertAsync(record));

        // A retirement of kek-2 in the middle of its transaction (the provider's protocol, by hand): lock, then record.
        await using var retirer = await BeginAsync();
        await ExecuteAsync(retirer, $"SELECT pg_advisory_xact_lock({PostgresFence.LockKey(_schema.Name, "kek-2")})");
        await ExecuteAsync(retirer, $"INSERT INTO {Table("retired_keys")} (key_id) VALUES ('kek-2')");
        var replace = _storage.ReplaceSealedAsync([new RewrappedCredential("acme", record.Metadata.Id, "A_KEY", 1, "kek-1", "kek-2", [1])]);
        await WaitForAdvisoryLockAsync("kek-2", "ShareLock", granted: false);

        await retirer.Transaction.CommitAsync();

        Assert.Equal(0, await replace.WaitAsync(Bound));
        Assert.Equal("kek-1", (await _storage.FindByIdAsync("acme", record.Metadata.Id))!.KeyId);
    }

    [Fact]
    public async Task InsertAsync_WhileARetirementOfTheKeyIsInFlight_WaitsForItThenReturnsKeyRetired()
    {
        await using var retirer = await BeginAsync();
        await ExecuteAsync(retirer, $"SELECT pg_advisory_xact_lock({PostgresFence.LockKey(_schema.Name, "kek-1")})");
        await ExecuteAsync(retirer, $"INSERT INTO {Table("retired_keys")} (key_id) VALUES ('kek-1')");
        var insert = _storage.InsertAsync(TestRecords.New("acme", "A_KEY", keyId: "kek-1"));
        await WaitForAdvisoryLockAsync("kek-1", "ShareLock", granted: false);

        await retirer.Transaction.CommitAsync();

        Assert.Equal(StorageWriteResult.KeyRetired, await insert.WaitAsync(Bound));
        Assert.Null(await _storage.FindByKeyAsync("acme", null, "A_KEY"));
    }

    [Fact]
    public async Task RestoreAsync_DeletedRowUnderARetiredKey_ReturnsKeyRetiredAndChangesNothing()
    {
        var record = TestRecords.New("acme", "A_KEY", keyId: "kek-old");
        Assert.Equal(StorageWriteResult.Success, await _storage.InsertAsync(record));
        Assert.Equal(StorageWriteResult.Success, await _storage.SoftDeleteAsync("acme", record.Metadata.Id, 1, [], TestRecords.CreatedAt));
        await TestSchema.ScalarAsync($"INSERT INTO {Table("retired_keys")} (key_id) VALUES ('kek-old')");

        Assert.Equal(StorageWriteResult.KeyRetired, await _storage.RestoreAsync("acme", record.Metadata.Id));
        Assert.NotNull(await _storage.FindDeletedAsync("acme", record.Metadata.Id));
        Assert.Equal(StorageWriteResult.NotFound, await _storage.RestoreAsync("acme", Guid.NewGuid()));
    }

    [Fact]
    public async Task InitializeAsync_Version2SchemaWithRetiredKeySettings_CopiesThemIntoTheFence()
    {
        await TestSchema.ScalarAsync($"DROP TABLE {Table("audit_log")}; DROP TABLE {Table("audit_heads")}; ALTER TABLE {Table("credentials")} DROP COLUMN expires_at, DROP COLUMN last_used_at; ALTER TABLE {Table("deleted_credentials")} DROP COLUMN expires_at, DROP COLUMN last_used_at; DROP TABLE {Table("retired_keys")}; DROP FUNCTION {Table("notify_key_retired")}; DROP TABLE {Table("oauth_flows")}; DROP TABLE {Table("oauth_leases")}; DROP TABLE {Table("oauth_connections")}; DELETE FROM {Table("schema_version")} WHERE version >= 4");
        Assert.True(await _storage.TryAddSettingAsync("key-retired/k-old", [0, 0, 0, 0, 0, 0, 0, 1]));

        await new PostgresCredentialStorage(TestSchema.DataSource, _schema.Name).InitializeAsync();

        Assert.Equal(["k-old"], await _storage.ListRetiredKeysAsync());
        Assert.Equal(StorageWriteResult.KeyRetired, await _storage.InsertAsync(TestRecords.New("acme", "A_KEY", keyId: "k-old")));
    }

    private string Table(string name) => $"\"{_schema.Name}\".{name}";

    private static async Task<Session> BeginAsync()
    {
        var connection = await TestSchema.DataSource.OpenConnectionAsync();
        return new Session(connection, await connection.BeginTransactionAsync());
    }

    private static async Task ExecuteAsync(Session session, string sql)
    {
        await using var command = new NpgsqlCommand(sql, session.Connection, session.Transaction);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until some session holds (or waits for) the advisory lock of <paramref name="keyId"/> in <paramref name="mode"/>.</summary>
    private async Task WaitForAdvisoryLockAsync(string keyId, string mode, bool granted)
    {
        var key = PostgresFence.LockKey(_schema.Name, keyId);
        var found = await PostgresVault.EventuallyAsync(
            async () => (long)(await TestSchema.ScalarAsync(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND objid = $2::bigint::oid " +
                "AND objsubid = 1 AND mode = $3 AND granted = $4",
                (long)(uint)(key >> 32), (long)(uint)key, mode, granted))! > 0,
            Bound);
        Assert.True(found, $"no session {(granted ? "holds" : "waits for")} the {mode} advisory lock of {keyId}");
    }

    private sealed record Session(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
