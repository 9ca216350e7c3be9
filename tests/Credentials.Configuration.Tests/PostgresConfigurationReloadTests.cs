using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Credentials.Configuration.Tests.ConfigurationTestStore;

namespace Credentials.Configuration.Tests;

/// <summary>On PostgreSQL the provider listens (LISTEN/NOTIFY) and reloads when another instance changes a shared credential of its organization.</summary>
public sealed class PostgresConfigurationReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    private ConfigurationTestStore _store = null!;

    [SkippableFact]
    public async Task UpdateByAnotherInstance_IsInConfigurationWithin2Seconds()
    {
        _ = PostgresServer.ConnectionString; // skipped without a server (a failure under CI=true)
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-before");
        var configuration = _store.Configuration();
        var changes = CountChanges(configuration);
        await Task.Delay(200); // listening

        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-after");
        var took = await WithinAsync(() => configuration["OPENAI_API_KEY"] == "sk-after", Limit);

        Assert.True(took is not null, "the new value was not in configuration within 2 s");
        Assert.NotNull(await WithinAsync(() => changes() == 1, TimeSpan.FromSeconds(1)));
    }

    [SkippableFact]
    public async Task ChangesOfOtherOrganizationsAndUsers_AreNotEvenRead()
    {
        _ = PostgresServer.ConnectionString; // skipped without a server (a failure under CI=true)
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-acme");
        var configuration = _store.Configuration();
        var provider = ProviderOf(configuration);
        var changes = CountChanges(configuration);
        Assert.NotNull(await WithinAsync(() => provider.ReadCount >= 2, TimeSpan.FromSeconds(5))); // the read after subscribing
        var reads = provider.ReadCount;

        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-globex", Globex);
        await _store.Store.CreateAsync(new CredentialContext(Acme, "alice"),
            new NewCredential("Mine", "OPENAI_API_KEY", CredentialCategory.Custom, new ApiToken("sk-alice")) { OwnerUserId = "alice" });
        await Task.Delay(1000);

        Assert.Equal(reads, provider.ReadCount);
        Assert.Equal(0, changes());
        Assert.Equal("sk-acme", configuration["OPENAI_API_KEY"]);
    }

    [SkippableFact]
    public async Task ConnectionsCut_ProviderReconnectsAndCatchesUp()
    {
        _ = PostgresServer.ConnectionString; // skipped without a server (a failure under CI=true)
        var application = "cfg-test-" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { ApplicationName = application }.ToString();
        var schema = SchemaOf(_store);
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-before");
        var configuration = _store.Configuration(
            o => o.PollInterval = TimeSpan.FromMilliseconds(200),
            storage: b => b.UsePostgres(connectionString, o => o.Schema = schema));
        var changes = CountChanges(configuration);
        Assert.NotNull(await WithinAsync(() => ProviderOf(configuration).ReadCount >= 2, TimeSpan.FromSeconds(5)));

        Assert.True(await TerminateAsync(application) > 0);
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-after-cut");

        Assert.NotNull(await WithinAsync(() => configuration["OPENAI_API_KEY"] == "sk-after-cut", TimeSpan.FromSeconds(15)));
        Assert.Equal(1, changes());
    }

    [SkippableFact]
    public void Build_ServerUnreachable_FailsUnlessOptional()
    {
        _ = PostgresServer.ConnectionString;
        Action<ICredentialsBuilder> unreachable = b => b.UsePostgres("Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=2");

        Assert.ThrowsAny<CredentialStorageException>(() => _store.Configuration(storage: unreachable));
        var optional = _store.Configuration(o => o.Optional = true, storage: unreachable);

        Assert.Empty(optional.AsEnumerable());
    }

    public Task InitializeAsync()
    {
        _store = Postgres(Environment.GetEnvironmentVariable("CREDENTIALS_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=1");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();

    private static string SchemaOf(ConfigurationTestStore store) =>
        ((Storage.Postgres.PostgresCredentialStorage)store.Writer.GetRequiredService<Storage.ICredentialStorage>()).Schema;

    private static async Task<int> TerminateAsync(string application)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", connection);
        command.Parameters.AddWithValue(application);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
