using Credentials.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Caching;

public sealed class SealedRecordCacheTests
{
    private static readonly CredentialContext AcmeAlice = new(TestVault.Acme, "alice");
    private static readonly CredentialContext AcmeBob = new(TestVault.Acme, "bob");

    [Fact]
    public async Task OnByDefault_OnSqlite_ASecondResolveReusesTheSealedRecord()
    {
        using var vault = new SqliteVault();
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K", "sk-one-0123456789abcdef"));

        Assert.False(vault.IsCached(TestVault.Acme, null, "K"));
        Assert.Equal("sk-one-0123456789abcdef", (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K")).Token);
        Assert.True(vault.IsCached(TestVault.Acme, null, "K"));
        Assert.Equal("sk-one-0123456789abcdef", (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K")).Token);
    }

    [Fact]
    public async Task Hit_StillOpensTheEnvelope_NoPlaintextIsKept()
    {
        using var vault = new SqliteVault();
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K"));
        var first = await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K");
        var second = await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K");

        // Each hit is a new record from the envelope, not a kept value.
        Assert.NotSame(first, second);
        Assert.Equal(first.Token, second.Token);
        Assert.True(vault.Cache.TryGet(TestVault.Acme.Value, null, "K", out var record));
        Assert.True(record.SealedSecret.AsSpan().StartsWith("CRED"u8));
    }

    [Fact]
    public async Task AChangeThroughAnotherConnection_IsSeenByTheNextResolve()
    {
        using var vault = new SqliteVault();
        var created = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K");
        Assert.True(vault.IsCached(TestVault.Acme, null, "K"));

        // Another writer on the same file (a plain connection, not the vault): flip a bit of the stored envelope.
        using (var connection = new SqliteConnection("Data Source=" + vault.Database + ";Pooling=False"))
        {
            connection.Open();
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT sealed FROM credentials WHERE id = $id;";
            read.Parameters.AddWithValue("$id", created.Id.Value.ToString("N"));
            var sealedBytes = (byte[])read.ExecuteScalar()!;
            sealedBytes[^1] ^= 1;
            using var write = connection.CreateCommand();
            write.CommandText = "UPDATE credentials SET sealed = $sealed WHERE id = $id;";
            write.Parameters.AddWithValue("$id", created.Id.Value.ToString("N"));
            write.Parameters.AddWithValue("$sealed", sealedBytes);
            Assert.Equal(1, write.ExecuteNonQuery());
        }

        Assert.False(vault.IsCached(TestVault.Acme, null, "K"));
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K"));
    }

    [Fact]
    public async Task AnUnrelatedCommit_DropsEveryEntry_AndTheStoreIsReadAgain()
    {
        using var vault = new SqliteVault();
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K");

        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("OTHER"));

        Assert.False(vault.IsCached(TestVault.Acme, null, "K"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K");
        Assert.True(vault.IsCached(TestVault.Acme, null, "K"));
    }

    [Fact]
    public async Task UpdateKeyChangeAndDelete_AreSeenAtOnce()
    {
        using var vault = new SqliteVault();
        var created = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("OLD", "sk-old-0123456789abcdef"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "OLD");

        await vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Secret = new ApiToken("sk-new-0123456789abcdef") });
        Assert.Equal("sk-new-0123456789abcdef", (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "OLD")).Token);

        await vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Key = "NEW" });
        Assert.Null(await vault.Resolver.TryResolveAsync(TestVault.Acme, "OLD"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "NEW");

        await vault.Store.DeleteAsync(TestVault.Acme, created.Id);
        Assert.Null(await vault.Resolver.TryResolveAsync(TestVault.Acme, "NEW"));
    }

    [Fact]
    public async Task Entries_AreKeyedByOrganization_NeverServedToAnother()
    {
        using var vault = new SqliteVault();
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K", "sk-acme-0123456789abcdef"));
        await vault.Store.CreateAsync(TestVault.Globex, TestVault.Token("K", "sk-globex-0123456789abcdef"));
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("ONLY_ACME", "sk-only-0123456789abcdef"));

        for (var round = 0; round < 3; round++)
        {
            Assert.Equal("sk-acme-0123456789abcdef", (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K")).Token);
            Assert.Equal("sk-globex-0123456789abcdef", (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Globex, "K")).Token);
            Assert.Equal("sk-only-0123456789abcdef", (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "ONLY_ACME")).Token);

            // Cached for Acme; Globex has no such credential, and the entry is not found under Globex's name.
            Assert.Null(await vault.Resolver.TryResolveAsync(TestVault.Globex, "ONLY_ACME"));
            Assert.False(vault.IsCached(TestVault.Globex, null, "ONLY_ACME"));
        }

        Assert.True(vault.IsCached(TestVault.Acme, null, "ONLY_ACME"));
    }

    [Fact]
    public async Task Entries_AreKeyedByOwner_AUsersRecordNeverServesAnotherUserOrTheOrganization()
    {
        using var vault = new SqliteVault();
        await vault.Store.CreateAsync(AcmeAlice, TestVault.Token("GITHUB_TOKEN", "sk-alice-0123456789abcdef") with { OwnerUserId = "alice" });
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("SHARED", "sk-shared-0123456789abcdef"));

        for (var round = 0; round < 3; round++)
        {
            Assert.Equal("sk-alice-0123456789abcdef", (await vault.Resolver.ResolveAsync<ApiToken>(AcmeAlice, "GITHUB_TOKEN", ResolveScope.User)).Token);
            Assert.True(vault.IsCached(TestVault.Acme, "alice", "GITHUB_TOKEN"));

            // Bob and the organization have no GITHUB_TOKEN: alice's cached record is not theirs.
            await Assert.ThrowsAsync<CredentialConnectionRequiredException>(() => vault.Resolver.ResolveAsync<ApiToken>(AcmeBob, "GITHUB_TOKEN", ResolveScope.User));
            Assert.Null(await vault.Resolver.TryResolveAsync<ApiToken>(AcmeBob, "GITHUB_TOKEN", ResolveScope.UserThenOrganization));
            Assert.Null(await vault.Resolver.TryResolveAsync(TestVault.Acme, "GITHUB_TOKEN"));
            Assert.False(vault.IsCached(TestVault.Acme, "bob", "GITHUB_TOKEN"));
            Assert.False(vault.IsCached(TestVault.Acme, null, "GITHUB_TOKEN"));

            // The shared record, cached under the organization, is not alice's own.
            Assert.Equal("sk-shared-0123456789abcdef", (await vault.Resolver.ResolveAsync<ApiToken>(AcmeAlice, "SHARED", ResolveScope.UserThenOrganization)).Token);
            Assert.Null(await vault.Resolver.TryResolveAsync<ApiToken>(AcmeAlice, "SHARED", ResolveScope.User));
            Assert.False(vault.IsCached(TestVault.Acme, "alice", "SHARED"));
        }
    }

    [Fact]
    public async Task ARecordMovedUnderAnotherOwnersEntry_FailsToOpen()
    {
        // Even if an entry were filed under the wrong owner, the envelope is bound to its owner and would not open there.
        using var vault = new SqliteVault();
        await vault.Store.CreateAsync(AcmeAlice, TestVault.Token("GITHUB_TOKEN") with { OwnerUserId = "alice" });
        await vault.Resolver.ResolveAsync<ApiToken>(AcmeAlice, "GITHUB_TOKEN", ResolveScope.User);
        Assert.True(vault.Cache.TryGet(TestVault.Acme.Value, "alice", "GITHUB_TOKEN", out var alices));

        var sealer = vault.Provider.GetRequiredService<CredentialSealer>();
        Assert.Throws<CredentialIntegrityException>(() => sealer.Open(TestVault.Acme.Value, "bob", "GITHUB_TOKEN", alices));
        Assert.Throws<CredentialIntegrityException>(() => sealer.Open(TestVault.Globex.Value, "alice", "GITHUB_TOKEN", alices));
    }

    [Fact]
    public async Task Disabled_EveryResolveReadsTheStore()
    {
        using var vault = new SqliteVault(configure: b => b.Services.Configure<SealedRecordCacheOptions>(o => o.Enabled = false));
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K");

        Assert.False(vault.Cache.Enabled);
        Assert.Equal(0, vault.Cache.Count);
    }

    [Fact]
    public async Task InMemoryStorage_HasNoChangeCounter_NothingIsKept()
    {
        using var vault = TestVault.Create();
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K"));
        await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K");

        var cache = vault.Provider.GetRequiredService<SealedRecordCache>();
        Assert.False(cache.Enabled);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task MaxEntries_BoundsTheCache()
    {
        using var vault = new SqliteVault(configure: b => b.Services.Configure<SealedRecordCacheOptions>(o => o.MaxEntries = 10));
        for (var i = 0; i < 30; i++)
        {
            await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token($"K{i}"));
        }

        for (var i = 0; i < 30; i++)
        {
            await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, $"K{i}");
        }

        Assert.InRange(vault.Cache.Count, 1, 10);
    }

    [Fact]
    public void OutOfBoundsSize_FailsStartUp()
    {
        var services = new ServiceCollection().AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Services
            .Configure<SealedRecordCacheOptions>(o => o.MaxEntries = 0);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SealedRecordCacheOptions>>().Value);
        Assert.Contains("MaxEntries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_KeysIncludeOrganizationAndOwner_AndACounterChangeOrInvalidationDropsTheEntry()
    {
        var counter = new FakeCounter();
        var cache = new SealedRecordCache(new SealedRecordCacheOptions(), counter);
        var record = new ResolvableCredentialRecord(Guid.NewGuid(), "api_token", "k1", [1, 2, 3], 1);

        cache.Set("acme", "alice", "K", record, cache.BeginRead());
        Assert.True(cache.TryGet("acme", "alice", "K", out _));
        Assert.False(cache.TryGet("acme", "bob", "K", out _));
        Assert.False(cache.TryGet("acme", null, "K", out _));
        Assert.False(cache.TryGet("globex", "alice", "K", out _));

        counter.Value++;
        Assert.False(cache.TryGet("acme", "alice", "K", out _));

        cache.Set("acme", null, "K", record, cache.BeginRead());
        Assert.True(cache.TryGet("acme", null, "K", out _));
        cache.Invalidate("acme", null, "K");
        Assert.False(cache.TryGet("acme", null, "K", out _));

        // A read that an invalidation overtook is not kept; nor is one made while the counter could not be read.
        var mark = cache.BeginRead();
        cache.Invalidate("acme", null, "OTHER");
        cache.Set("acme", null, "K", record, mark);
        Assert.False(cache.TryGet("acme", null, "K", out _));

        counter.Readable = false;
        cache.Set("acme", null, "K", record, cache.BeginRead());
        counter.Readable = true;
        Assert.False(cache.TryGet("acme", null, "K", out _));
    }

    private sealed class FakeCounter : ICredentialStorageChangeCounter
    {
        public long Value { get; set; } = 1;

        public bool Readable { get; set; } = true;

        public bool TryReadChangeCounter(out long counter)
        {
            counter = Value;
            return Readable;
        }
    }
}
