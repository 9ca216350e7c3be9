using Credentials.Storage;
using Credentials.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static Credentials.Configuration.Tests.ConfigurationTestStore;

namespace Credentials.Configuration.Tests;

/// <summary>
/// On SQLite the provider reads the store's change counter every second (the default) and reloads when it moved: a change
/// made by another vault in this process, or by another OS process, is in the configuration within 2 seconds.
/// </summary>
public sealed class SqliteConfigurationReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    private readonly ConfigurationTestStore _store = Sqlite();

    [Fact]
    public async Task UpdateByAnotherServiceProvider_IsInConfigurationWithin2Seconds()
    {
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-before");
        var configuration = _store.Configuration();
        var changes = CountChanges(configuration);
        Assert.Equal("sk-before", configuration["OPENAI_API_KEY"]);

        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-after");
        var took = await WithinAsync(() => configuration["OPENAI_API_KEY"] == "sk-after", Limit);

        Assert.True(took is not null, "the new value was not in configuration within 2 s");
        Assert.NotNull(await WithinAsync(() => changes() == 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task UpdateByAnotherProcess_IsInConfigurationWithin2Seconds()
    {
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-before");
        var configuration = _store.Configuration();
        var changes = CountChanges(configuration);

        await _store.SetTokenFromAnotherProcessAsync("OPENAI_API_KEY", "sk-from-another-process");
        var took = await WithinAsync(() => configuration["OPENAI_API_KEY"] == "sk-from-another-process", Limit);

        Assert.True(took is not null, "the value written by another process was not in configuration within 2 s");
        Assert.Equal(1, changes());
    }

    [Fact]
    public async Task NewAndDeletedCredentials_AppearAndDisappear()
    {
        var old = await _store.SetTokenAsync("OLD_KEY", "old");
        var configuration = _store.Configuration();

        await _store.SetTokenAsync("NEW_KEY", "new");
        await _store.Store.DeleteAsync(Acme, old.Id);

        Assert.NotNull(await WithinAsync(() => configuration["NEW_KEY"] == "new" && configuration["OLD_KEY"] is null, Limit));
    }

    [Fact]
    public async Task StoreBrieflyUnavailable_KeepsValuesSignalsNothingAndCatchesUp()
    {
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-before");
        FaultyStorage? control = null;
        var configuration = _store.Configuration(
            o => o.PollInterval = TimeSpan.FromMilliseconds(100),
            storage: b => b.Services.Replace(ServiceDescriptor.Singleton<ICredentialStorage>(_ =>
            {
                var (storage, faults) = FaultyStorage.Wrap(new SqliteCredentialStorage("Data Source=" + _store.DatabaseFile));
                control = faults;
                return storage;
            })));
        var changes = CountChanges(configuration);

        control!.Failing = true;
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-during-outage");
        Assert.NotNull(await WithinAsync(() => control.FailedCalls >= 5, TimeSpan.FromSeconds(10)));
        Assert.Equal("sk-before", configuration["OPENAI_API_KEY"]);
        Assert.Equal(0, changes());

        control.Failing = false;

        Assert.NotNull(await WithinAsync(() => configuration["OPENAI_API_KEY"] == "sk-during-outage", Limit));
        Assert.Equal(1, changes());
        Assert.Single(_store.Logs.Entries, e => e.Event == "ConfigurationLoadFailed");
        Assert.Single(_store.Logs.Entries, e => e.Event == "ConfigurationStoreReadable");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();
}
