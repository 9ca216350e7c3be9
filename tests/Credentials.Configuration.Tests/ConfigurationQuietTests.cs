using Microsoft.Extensions.Configuration;
using System.Diagnostics;
using static Credentials.Configuration.Tests.ConfigurationTestStore;

namespace Credentials.Configuration.Tests;

/// <summary>
/// The rule: zero change events over 30 seconds in which no loaded value changes, while the store is kept busy with
/// changes that touch nothing the configuration shows (another organization, a user's own credential, a renamed card, a
/// store setting), so that the provider really reads again and has to compare before it signals. 30 seconds each; the two
/// classes run in parallel.
/// </summary>
internal static class Quiet
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(ConfigurationTestStore store, Action<CredentialsConfigurationOptions> options, int minimumReads)
    {
        var shared = await store.SetTokenAsync("OPENAI_API_KEY", "sk-steady");
        await store.Store.CreateAsync(Acme, new NewCredential("AWS", "AWS_CREDENTIALS", CredentialCategory.Runtime, new KeyPair("AKIA", "steady-secret")));
        var configuration = store.Configuration(options);
        var provider = ProviderOf(configuration);
        var changes = CountChanges(configuration);
        var before = configuration.AsEnumerable().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var storage = (Storage.ICredentialStorage)store.Writer.GetService(typeof(Storage.ICredentialStorage))!;

        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < Duration; i++)
        {
            switch (i % 4)
            {
                case 0:
                    await store.SetTokenAsync("OPENAI_API_KEY", "globex-" + i, Globex);
                    break;
                case 1:
                    var alice = new CredentialContext(Acme, "alice");
                    var mine = await store.Store.GetByKeyAsync(alice, "OPENAI_API_KEY", CredentialOwnership.User);
                    _ = mine is null
                        ? await store.Store.CreateAsync(alice, new NewCredential("Mine", "OPENAI_API_KEY", CredentialCategory.Custom, new ApiToken("alice-" + i)) { OwnerUserId = "alice" })
                        : await store.Store.UpdateAsync(alice, mine.Id, new CredentialUpdate { Secret = new ApiToken("alice-" + i) });
                    break;
                case 2:
                    shared = await store.Store.UpdateAsync(Acme, shared.Id, new CredentialUpdate { Name = "OpenAI " + i });
                    break;
                default:
                    await storage.TryAddSettingAsync("quiet-test-" + i, [1, 2, 3]);
                    break;
            }

            await Task.Delay(750);
        }

        Assert.Equal(0, changes());
        Assert.Equal(before, configuration.AsEnumerable().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        Assert.True(provider.ReadCount >= minimumReads, $"the provider read the store {provider.ReadCount} times; the test needs it to compare at least {minimumReads}");
    }
}

public sealed class SqliteConfigurationQuietTests : IAsyncLifetime
{
    private readonly ConfigurationTestStore _store = Sqlite();

    [Fact]
    public Task NothingVisibleChanges_ThirtySeconds_ZeroChangeEvents() =>
        Quiet.RunAsync(_store, o => o.PollInterval = TimeSpan.FromMilliseconds(100), minimumReads: 10);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();
}

public sealed class PostgresConfigurationQuietTests : IAsyncLifetime
{
    private ConfigurationTestStore _store = null!;

    [SkippableFact]
    public Task NothingVisibleChanges_ThirtySeconds_ZeroChangeEvents()
    {
        _ = PostgresServer.ConnectionString;
        return Quiet.RunAsync(_store, _ => { }, minimumReads: 5);
    }

    public Task InitializeAsync()
    {
        _store = Postgres(Environment.GetEnvironmentVariable("CREDENTIALS_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=1");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();
}
