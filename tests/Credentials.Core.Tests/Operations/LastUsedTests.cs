using System.Security.Cryptography;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.Tests.Operations;

public sealed class LastUsedTests
{
    private static readonly OrganizationId Acme = TestVault.Acme;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ThousandResolvesWithinAMinute_WriteEachCredentialAtMostOnce()
    {
        var (provider, counter) = Open(cache: false);
        await using var owned = provider;
        var store = provider.GetRequiredService<ICredentialStore>();
        var resolver = provider.GetRequiredService<ICredentialResolver>();
        var tracker = provider.GetRequiredService<LastUsedTracker>();
        var a = await store.CreateAsync(Acme, TestVault.Token("A_KEY"));
        var b = await store.CreateAsync(Acme, TestVault.Token("B_KEY"));

        for (var i = 0; i < 1000; i++)
        {
            await resolver.ResolveAsync<ApiToken>(Acme, i % 2 == 0 ? "A_KEY" : "B_KEY");
            if (i % 100 == 99)
            {
                _time.Advance(TimeSpan.FromSeconds(5)); // 50 s in all; the flush timer (15 s) fires three times
                await tracker.FlushAsync();
            }
        }

        await tracker.FlushAsync();
        Assert.Single(counter.LastUsedWrites, w => w.Id == a.Id.Value);
        Assert.Single(counter.LastUsedWrites, w => w.Id == b.Id.Value);
        var view = await store.GetAsync(Acme, a.Id);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero), view!.LastUsedAt);
    }

    [Fact]
    public async Task UsesAMinuteApart_AreWrittenAgain_CacheHitsIncluded()
    {
        var (provider, counter) = Open(cache: true);
        await using var owned = provider;
        var store = provider.GetRequiredService<ICredentialStore>();
        var resolver = provider.GetRequiredService<ICredentialResolver>();
        var tracker = provider.GetRequiredService<LastUsedTracker>();
        var view = await store.CreateAsync(Acme, TestVault.Token());
        await resolver.ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY");
        await tracker.FlushAsync();

        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.True(provider.GetRequiredService<ResolveCache>().TryGet(Acme.Value, null, "OPENAI_API_KEY", out _, out var cachedId));
        Assert.Equal(view.Id.Value, cachedId);
        await resolver.ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY"); // served by the cache (TTL 5 minutes): still a use
        await tracker.FlushAsync();

        Assert.Equal(2, counter.LastUsedWrites.Count);
        Assert.Equal(_time.GetUtcNow(), (await store.GetAsync(Acme, view.Id))!.LastUsedAt);
    }

    [Fact]
    public async Task Resolve_DoesNotWrite_TheBackgroundFlushDoes()
    {
        var (provider, counter) = Open(cache: false);
        await using var owned = provider;
        var store = provider.GetRequiredService<ICredentialStore>();
        var view = await store.CreateAsync(Acme, TestVault.Token());

        await provider.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY");
        Assert.Empty(counter.LastUsedWrites);
        Assert.Null((await store.GetAsync(Acme, view.Id))!.LastUsedAt);

        _time.Advance(TimeSpan.FromSeconds(15)); // the flush timer fires
        await WaitForAsync(() => !counter.LastUsedWrites.IsEmpty);
        Assert.NotNull((await store.GetAsync(Acme, view.Id))!.LastUsedAt);
    }

    [Fact]
    public async Task Dispose_FlushesWhatIsLeft()
    {
        var (provider, counter) = Open(cache: false);
        var store = provider.GetRequiredService<ICredentialStore>();
        await store.CreateAsync(Acme, TestVault.Token());
        await provider.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY");

        await provider.DisposeAsync();

        Assert.Single(counter.LastUsedWrites);
    }

    [Fact]
    public async Task Update_DoesNotMoveOrResetLastUsed_AndNothingIsAudited()
    {
        var (provider, counter) = Open(cache: false);
        Assert.NotNull(counter);
        await using var owned = provider;
        var store = provider.GetRequiredService<ICredentialStore>();
        var view = await store.CreateAsync(Acme, TestVault.Token());
        await provider.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY");
        await provider.GetRequiredService<LastUsedTracker>().FlushAsync();
        var used = (await store.GetAsync(Acme, view.Id))!.LastUsedAt;

        var updated = await store.UpdateAsync(Acme, view.Id, new CredentialUpdate { Name = "Renamed", ExpectedVersion = view.Version });

        Assert.Equal(view.Version + 1, updated.Version);
        Assert.Equal(used, (await store.GetAsync(Acme, view.Id))!.LastUsedAt);
        Assert.Equal(2, (await provider.GetRequiredService<ICredentialAudit>().ListAsync(Acme)).Items.Count);
    }

    [Fact]
    public async Task Disabled_NeverWrites()
    {
        var (provider, counter) = Open(cache: false, o => o.Enabled = false);
        await using var owned = provider;
        await provider.GetRequiredService<ICredentialStore>().CreateAsync(Acme, TestVault.Token());
        await provider.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY");
        await provider.GetRequiredService<LastUsedTracker>().FlushAsync();

        Assert.Empty(counter.LastUsedWrites);
    }

    private (ServiceProvider Provider, CountingStorage Counter) Open(bool cache, Action<LastUsedOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        var builder = services.AddCredentials().UseInMemoryStorage().UseMasterKey(RandomNumberGenerator.GetBytes(32));
        if (cache)
        {
            builder.UseResolveCache(o => o.TimeToLive = TimeSpan.FromMinutes(5));
        }

        if (configure is not null)
        {
            builder.ConfigureLastUsed(configure);
        }

        CountingStorage? counter = null;
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var (storage, made) = CountingStorage.Wrap(new InMemoryCredentialStorage());
            counter = made;
            return storage;
        }));
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<ICredentialStorage>();
        return (provider, counter!);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
