using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.Tests.Caching;

public sealed class ResolveCacheTests
{
    [Fact]
    public async Task Off_ByDefault_EveryResolveReadsTheStore()
    {
        using var vault = TestVault.Create();
        var created = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, created.Key);

        await vault.TamperAsync(TestVault.Acme, created.Id, b => { b[^1] ^= 1; return b; });

        await Assert.ThrowsAsync<CredentialIntegrityException>(() => vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, created.Key));
        Assert.Equal(0, vault.Provider.GetRequiredService<ResolveCache>().Count);
    }

    [Fact]
    public async Task Hit_IsServedFromMemory()
    {
        using var vault = TestVault.Create(b => b.UseResolveCache());
        var created = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        var first = await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, created.Key);

        // Corrupting the stored row does not matter while the entry lives: the store is not read.
        await vault.TamperAsync(TestVault.Acme, created.Id, b => { b[^1] ^= 1; return b; });

        Assert.Same(first, await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, created.Key));
    }

    [Fact]
    public async Task Update_InvalidatesTheEntry()
    {
        using var vault = TestVault.Create(b => b.UseResolveCache());
        var created = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K", "sk-old-00000000000000"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K");

        await vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Secret = new ApiToken("sk-new-00000000000000") });

        Assert.Equal("sk-new-00000000000000", (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K")).Token);
    }

    [Fact]
    public async Task KeyChangeAndDelete_InvalidateTheEntry()
    {
        using var vault = TestVault.Create(b => b.UseResolveCache());
        var created = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("OLD"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "OLD");

        await vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Key = "NEW" });
        Assert.Null(await vault.Resolver.TryResolveAsync(TestVault.Acme, "OLD"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "NEW");

        await vault.Store.DeleteAsync(TestVault.Acme, created.Id);
        Assert.Null(await vault.Resolver.TryResolveAsync(TestVault.Acme, "NEW"));
    }

    [Fact]
    public async Task Entries_ExpireAfterTheirTimeToLiveAndAreSweptAway()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-27T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var vault = TestVault.Create(b =>
        {
            b.Services.AddSingleton<TimeProvider>(time);
            b.UseResolveCache(o => o.TimeToLive = TimeSpan.FromSeconds(10));
        });
        var cache = vault.Provider.GetRequiredService<ResolveCache>();
        var created = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, created.Key);
        Assert.Equal(1, cache.Count);

        time.Advance(TimeSpan.FromSeconds(12.5));

        // The sweeper (every quarter of the TTL) has dropped the plaintext without anyone looking it up.
        Assert.Equal(0, cache.Count);
        await vault.TamperAsync(TestVault.Acme, created.Id, b => { b[^1] ^= 1; return b; });
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, created.Key));
    }

    [Fact]
    public async Task Size_StaysWithinMaxEntries()
    {
        using var vault = TestVault.Create(b => b.UseResolveCache(o => o.MaxEntries = 10));
        for (var i = 0; i < 50; i++)
        {
            await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token($"K{i}"));
            await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, $"K{i}");
        }

        Assert.InRange(vault.Provider.GetRequiredService<ResolveCache>().Count, 1, 10);
    }

    [Fact]
    public async Task Entries_AreScopedByOrganization()
    {
        using var vault = TestVault.Create(b => b.UseResolveCache());
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("SHARED", "acme-secret-0000000000"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "SHARED");

        Assert.Null(await vault.Resolver.TryResolveAsync(TestVault.Globex, "SHARED"));
    }

    [Fact]
    public async Task TypeMismatch_StillThrowsOnAHit()
    {
        using var vault = TestVault.Create(b => b.UseResolveCache());
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("T"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "T");

        await Assert.ThrowsAsync<CredentialTypeMismatchException>(() => vault.Resolver.ResolveAsync<KeyPair>(TestVault.Acme, "T"));
    }

    [Fact]
    public void Options_OutOfBounds_FailValidation()
    {
        var validator = new ResolveCacheOptionsValidator();
        Assert.True(validator.Validate(null, new ResolveCacheOptions { MaxEntries = 0 }).Failed);
        Assert.True(validator.Validate(null, new ResolveCacheOptions { TimeToLive = TimeSpan.Zero }).Failed);
        Assert.True(validator.Validate(null, new ResolveCacheOptions()).Succeeded);
    }
}
