using Credentials.Storage.Postgres.Testing;

namespace Credentials.Storage.Postgres;

/// <summary>What <see cref="PostgresCredentialStorage.InitializeAsync"/> does to the database.</summary>
[RequiresPostgres]
public sealed class PostgresSchemaTests : IAsyncLifetime
{
    // Pinned on purpose: a new migration must bump this, and should come with a test that upgrades the previous version.
    private const int CurrentSchemaVersion = 6;

    private readonly TestSchema _schema = new();
    private readonly TestSchema _otherSchema = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _schema.DisposeAsync();
        await _otherSchema.DisposeAsync();
    }

    [Fact]
    public async Task InitializeAsync_NewSchema_RecordsEveryVersionAndCreatesTablesWithOrdinalCollation()
    {
        await NewStorage().InitializeAsync();

        Assert.Equal(CurrentSchemaVersion, PostgresSchema.CurrentVersion);
        Assert.Equal("1,2,3,4,5,6", await ScalarAsync("SELECT string_agg(version::text, ',' ORDER BY version) FROM {0}.schema_version"));
        Assert.Equal(8L, await TestSchema.ScalarAsync(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('credentials', 'settings', 'credential_assignments', 'deleted_credentials', 'retired_keys', 'oauth_flows', 'oauth_leases', 'oauth_connections')",
            _schema.Name));
        Assert.Equal(0L, await TestSchema.ScalarAsync(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = $1 AND column_name IN ('org_id', 'key', 'key_id', 'search_text', 'name') " +
            "AND data_type = 'text' AND column_name <> 'name' AND coalesce(collation_name, '') <> 'C'",
            _schema.Name));
    }

    [Fact]
    public async Task InitializeAsync_ManyStoragesAtOnceOnNewSchema_AllSucceedAndEachStepRunsOnce()
    {
        const int contenders = 8;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, contenders).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            // Separate pools, as separate instances starting together would have.
            await using var storage = new PostgresCredentialStorage(TestSchema.ConnectionString, _schema.Name);
            await storage.InitializeAsync();
        })).ToArray();

        start.SetResult();
        await Task.WhenAll(tasks);

        Assert.Equal(6L, await ScalarAsync("SELECT count(*) FROM {0}.schema_version"));
        var storage = NewStorage();
        var record = TestRecords.New("acme", "OPENAI_API_KEY");
        Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(record));
        StorageAssert.SameRecord(record, await storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));
    }

    [Fact]
    public async Task InitializeAsync_SchemaAtVersionOne_MigratesAndKeepsRows()
    {
        // A store as version 1 of this provider left it: the first step only, and a credential in it.
        var sql = new PostgresStatements(_schema.Name);
        await TestSchema.ScalarAsync($"CREATE SCHEMA \"{_schema.Name}\"");
        await ScalarAsync("CREATE TABLE {0}.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
        await TestSchema.ScalarAsync(PostgresSchema.Migrations(sql)[0]);
        await ScalarAsync("INSERT INTO {0}.schema_version (version) VALUES (1)");
        var storage = NewStorage();
        var record = TestRecords.New("acme", "OPENAI_API_KEY");
        var m = record.Metadata;
        var at = m.CreatedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await ScalarAsync(
            "INSERT INTO {0}.credentials (org_id, key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version, key_id, sealed) " +
            $"VALUES ('{m.OrganizationId}', '{m.Key}', '{m.Id}', '{m.Name}', '{m.Category}', '{m.Type}', '{m.MaskedSummary}', NULL, '{m.SearchText.Replace("\n", "' || chr(10) || '", StringComparison.Ordinal)}', " +
            $"'{at}', '{at}', {m.Version}, '{record.KeyId}', '\\x{Convert.ToHexString(record.SealedSecret)}')");

        await storage.InitializeAsync();

        Assert.Equal("1,2,3,4,5,6", await ScalarAsync("SELECT string_agg(version::text, ',' ORDER BY version) FROM {0}.schema_version"));
        StorageAssert.SameRecord(record, await storage.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));
        Assert.Equal(StorageWriteResult.Success, await storage.AssignAsync(new AssignmentRecord("acme", record.Metadata.Id, "skill", "s-1", null)));
    }

    [Fact]
    public async Task InitializeAsync_SchemaOfANewerVersion_ThrowsAndChangesNothing()
    {
        var storage = NewStorage();
        await storage.InitializeAsync();
        Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(TestRecords.New("acme", "OPENAI_API_KEY")));
        await ScalarAsync($"INSERT INTO {{0}}.schema_version (version) VALUES ({CurrentSchemaVersion + 1})");

        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => NewStorage().InitializeAsync());

        Assert.False(error.IsTransient);
        Assert.Contains($"schema '{_schema.Name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"schema version {CurrentSchemaVersion + 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer than this library understands", error.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM {0}.credentials"));
    }

    [Fact]
    public async Task TwoSchemasInOneDatabase_AreSeparateStores()
    {
        var first = NewStorage();
        await using var second = new PostgresCredentialStorage(TestSchema.DataSource, _otherSchema.Name);
        await first.InitializeAsync();
        await second.InitializeAsync();

        Assert.Equal(StorageWriteResult.Success, await first.InsertAsync(TestRecords.New("acme", "OPENAI_API_KEY")));
        Assert.True(await first.TryAddSettingAsync("key-check/k-1", [1]));

        Assert.Null(await second.FindByKeyAsync("acme", null, "OPENAI_API_KEY"));
        Assert.Null(await second.GetSettingAsync("key-check/k-1"));
        Assert.Equal(StorageWriteResult.Success, await second.InsertAsync(TestRecords.New("acme", "OPENAI_API_KEY")));
    }

    [Fact]
    public async Task InitializeAsync_CurrentSchema_TakesNoLockAndRunsNoDdl()
    {
        var storage = NewStorage();
        await storage.InitializeAsync();
        var lockKey = PostgresSchema.LockKey(_schema.Name);

        // Hold the migration lock elsewhere: a store already at the current version must start anyway.
        await using var connection = await TestSchema.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var hold = new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            hold.Parameters.Add(new Npgsql.NpgsqlParameter { Value = lockKey });
            await hold.ExecuteNonQueryAsync();
        }

        await NewStorage().InitializeAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Credentials")]
    [InlineData("bad-name")]
    [InlineData("1starts_with_digit")]
    [InlineData("x\"; DROP TABLE y; --")]
    [InlineData("a_name_that_is_far_too_long_for_the_channel_name_limit_x")]
    public void Constructor_InvalidSchemaName_Throws(string schema) =>
        Assert.Throws<ArgumentException>(() => new PostgresCredentialStorage(TestSchema.DataSource, schema));

    private PostgresCredentialStorage NewStorage() => new(TestSchema.DataSource, _schema.Name);

    private Task<object?> ScalarAsync(string sql) => TestSchema.ScalarAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, $"\"{_schema.Name}\""));
}
