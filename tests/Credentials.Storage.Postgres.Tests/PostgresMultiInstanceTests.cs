using System.Security.Cryptography;
using Credentials.Storage.Postgres.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Two instances of an application (two service providers, two connection pools) on one database: each sees the other's
/// writes, optimistic concurrency holds across them, and key changes and cached values follow through LISTEN/NOTIFY.
/// </summary>
[RequiresPostgres]
public sealed class PostgresMultiInstanceTests : IAsyncLifetime
{
    private const string Passphrase = "correct horse battery staple, but longer and random in production";
    private static readonly OrganizationId Acme = new("acme");

    /// <summary>How long another instance's change may take to arrive: generous for a loaded CI machine; it takes milliseconds.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly TestSchema _schema = new();
    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-pg-keys-").FullName;
    private readonly List<PostgresVault> _vaults = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var vault in _vaults)
        {
            await vault.DisposeAsync();
        }

        await _schema.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TwoInstances_SeeEachOthersCreatesUpdatesAndDeletes()
    {
        var a = Start(MasterKey);
        var b = Start(MasterKey);

        var created = await a.Store.CreateAsync(Acme, new NewCredential("OpenAI", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken("sk-from-a-0123456789")));
        Assert.Equal("sk-from-a-0123456789", (await b.Resolver.ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY")).Token);

        var updated = await b.Store.UpdateAsync(Acme, created.Id, new CredentialUpdate { Secret = new ApiToken("sk-from-b-9876543210"), ExpectedVersion = created.Version });
        Assert.Equal("sk-from-b-9876543210", (await a.Resolver.ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY")).Token);
        Assert.Equal(updated.Version, (await a.Store.GetAsync(Acme, created.Id))!.Version);

        await a.Store.DeleteAsync(Acme, created.Id);
        Assert.Null(await b.Store.GetAsync(Acme, created.Id));

        // B resolved this key above, so its sealed-record cache holds it: B drops it when A's change notification arrives
        // (SealedRecordCacheOptions), normally within milliseconds, not necessarily before A's call returns.
        Assert.True(await PostgresVault.EventuallyAsync(async () => await b.Resolver.TryResolveAsync(Acme, "OPENAI_API_KEY") is null, Bound), "B kept resolving a credential A deleted.");
    }

    [Fact]
    public async Task TwoInstances_UpdateWithTheSameExpectedVersion_ExactlyOneWinsEveryRound()
    {
        var a = Start(MasterKey);
        var b = Start(MasterKey);
        var view = await a.Store.CreateAsync(Acme, new NewCredential("OpenAI", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken("sk-initial-0123456789")));

        for (var round = 0; round < 10; round++)
        {
            var expected = view.Version;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var contenders = new[] { (Vault: a, Token: $"sk-a-{round}-0123456789"), (Vault: b, Token: $"sk-b-{round}-0123456789") }
                .Select(c => Task.Run(async () =>
                {
                    await start.Task;
                    try
                    {
                        return (View: (CredentialView?)await c.Vault.Store.UpdateAsync(
                            Acme, view.Id, new CredentialUpdate { Secret = new ApiToken(c.Token), ExpectedVersion = expected }), c.Token);
                    }
                    catch (CredentialConcurrencyException)
                    {
                        return (View: (CredentialView?)null, c.Token);
                    }
                }))
                .ToArray();
            start.SetResult();
            var results = await Task.WhenAll(contenders);

            var winner = Assert.Single(results, r => r.View is not null);
            Assert.Equal(expected + 1, winner.View!.Version);
            // The losing instance keeps the sealed record it read until the change notification reaches it (milliseconds).
            foreach (var (vault, name) in new[] { (a, "A"), (b, "B") })
            {
                Assert.True(
                    await PostgresVault.EventuallyAsync(
                        async () => (await vault.Resolver.ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY")).Token == winner.Token, TimeSpan.FromSeconds(10)),
                    $"round {round}: instance {name} did not see the winning update");
            }
            view = winner.View;
        }
    }

    [Fact]
    public async Task PassphraseRing_RotatedOnA_BUsesTheNewPrimaryWithoutRestart()
    {
        var a = Start(UsePassphrase);
        var b = Start(UsePassphrase);
        var before = await PrimaryAsync(b);
        Assert.Equal(before, await PrimaryAsync(a));

        var rotated = await a.Keys.RotateAsync();

        Assert.NotEqual(before, rotated.Id);
        Assert.True(await PostgresVault.EventuallyAsync(async () => await PrimaryAsync(b) == rotated.Id, Bound), "B never saw A's new primary key.");
        await b.Store.CreateAsync(Acme, new NewCredential("Written by B", "WRITTEN_BY_B", CredentialCategory.Runtime, new ApiToken("sk-written-by-b-0123")));
        Assert.Equal(rotated.Id, await StoredKeyIdAsync("WRITTEN_BY_B"));
        Assert.Equal("sk-written-by-b-0123", (await a.Resolver.ResolveAsync<ApiToken>(Acme, "WRITTEN_BY_B")).Token);
        var keysOnB = await b.Keys.ListKeysAsync();
        Assert.Equal(1, keysOnB.Single(k => k.Id == rotated.Id).WrappedCount);
        Assert.False(keysOnB.Single(k => k.Id == before).IsPrimary);
    }

    [Fact]
    public async Task SharedKeyFile_RotatedOnA_BUsesTheNewPrimaryWithoutRestart()
    {
        var path = Path.Combine(_directory, "shared.key");
        var a = Start(k => k.UseKeyFile(path));
        var b = Start(k => k.UseKeyFile(path));
        var before = await PrimaryAsync(a);
        Assert.Equal(before, await PrimaryAsync(b));

        var rotated = await a.Keys.RotateAsync();

        Assert.True(await PostgresVault.EventuallyAsync(async () => await PrimaryAsync(b) == rotated.Id, Bound), "B never re-read the rotated key file.");
        await b.Store.CreateAsync(Acme, new NewCredential("Written by B", "WRITTEN_BY_B", CredentialCategory.Runtime, new ApiToken("sk-written-by-b-0123")));
        Assert.Equal(rotated.Id, await StoredKeyIdAsync("WRITTEN_BY_B"));
    }

    [Fact]
    public async Task KeyRetiredOnA_IsRetiredOnBWithoutRestart()
    {
        var a = Start(UsePassphrase);
        var b = Start(UsePassphrase);
        await a.Store.CreateAsync(Acme, new NewCredential("OpenAI", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken("sk-before-rotation-01")));
        var old = await PrimaryAsync(b);
        await a.Keys.RotateAsync();
        await a.Keys.RewrapAsync();

        await a.Keys.RetireAsync(old);

        Assert.True(
            await PostgresVault.EventuallyAsync(async () => (await b.Keys.ListKeysAsync()).Single(k => k.Id == old).IsRetired, Bound),
            "B never saw the retirement made on A.");
        Assert.Equal("sk-before-rotation-01", (await b.Resolver.ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY")).Token);
    }

    [Fact]
    public async Task WithoutListening_BKeepsItsOldPrimaryUntilItMeetsTheNewKey()
    {
        // The control for the tests above: what B does when no notification reaches it.
        var a = Start(UsePassphrase);
        var b = Start(UsePassphrase, o => o.ListenForChanges = false);
        var before = await PrimaryAsync(b);

        // B has written before (so it holds the audit key already): otherwise loading the audit key, which A's rotation
        // wraps under the new key, would be B's first meeting with the new key.
        await b.Store.CreateAsync(Acme, new NewCredential("Earlier by B", "EARLIER_BY_B", CredentialCategory.Runtime, new ApiToken("sk-earlier-by-b-0123")));
        var rotated = await a.Keys.RotateAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));

        // B still writes under its old primary (which is not retired: the store accepts it) ...
        await b.Store.CreateAsync(Acme, new NewCredential("Written by B", "WRITTEN_BY_B", CredentialCategory.Runtime, new ApiToken("sk-written-by-b-0123")));
        Assert.Equal(before, await StoredKeyIdAsync("WRITTEN_BY_B"));

        // ... until it meets A's new key, and re-reads its ring.
        await a.Store.CreateAsync(Acme, new NewCredential("Written by A", "WRITTEN_BY_A", CredentialCategory.Runtime, new ApiToken("sk-written-by-a-0123")));
        Assert.Equal("sk-written-by-a-0123", (await b.Resolver.ResolveAsync<ApiToken>(Acme, "WRITTEN_BY_A")).Token);
        await b.Store.CreateAsync(Acme, new NewCredential("Written by B later", "WRITTEN_BY_B_LATER", CredentialCategory.Runtime, new ApiToken("sk-written-by-b-4567")));
        Assert.Equal(rotated.Id, await StoredKeyIdAsync("WRITTEN_BY_B_LATER"));
    }

    [Fact]
    public async Task ResolveCache_UpdatedOrDeletedOnA_IsDroppedOnBLongBeforeItExpires()
    {
        var a = Start(MasterKey);
        var b = Start(MasterKey, more: v => v.UseResolveCache(o => o.TimeToLive = TimeSpan.FromHours(1)));
        var view = await a.Store.CreateAsync(Acme, new NewCredential("OpenAI", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken("sk-version-one-0123")));
        Assert.Equal("sk-version-one-0123", (await b.Resolver.ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY")).Token);

        await a.Store.UpdateAsync(Acme, view.Id, new CredentialUpdate { Secret = new ApiToken("sk-version-two-0123"), ExpectedVersion = view.Version });

        Assert.True(
            await PostgresVault.EventuallyAsync(async () => (await b.Resolver.ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY")).Token == "sk-version-two-0123", Bound),
            "B kept serving the cached value after A's update.");

        await a.Store.DeleteAsync(Acme, view.Id);

        Assert.True(
            await PostgresVault.EventuallyAsync(async () => await b.Resolver.TryResolveAsync(Acme, "OPENAI_API_KEY") is null, Bound),
            "B kept serving the cached value after A's delete.");
    }

    private static void MasterKey(ICredentialsBuilder builder, byte[] key) => builder.UseMasterKey(key);

    private static void UsePassphrase(ICredentialsBuilder builder) =>
        builder.UsePassphrase(Passphrase, o =>
        {
            o.MemorySizeKib = 64;
            o.Iterations = 1;
            o.Parallelism = 1;
        });

    private static async Task<string> PrimaryAsync(PostgresVault vault) => (await vault.Keys.ListKeysAsync()).Single(k => k.IsPrimary).Id;

    private PostgresVault Start(Action<ICredentialsBuilder> keys, Action<PostgresStorageOptions>? storage = null, Action<ICredentialsBuilder>? more = null)
    {
        var vault = PostgresVault.Start(_schema.Name, keys, storage, more);
        _vaults.Add(vault);
        return vault;
    }

    private PostgresVault Start(Action<ICredentialsBuilder, byte[]> keys, Action<PostgresStorageOptions>? storage = null, Action<ICredentialsBuilder>? more = null) =>
        Start(builder => keys(builder, _masterKey), storage, more);

    private async Task<string?> StoredKeyIdAsync(string key) =>
        (string?)await TestSchema.ScalarAsync($"SELECT key_id FROM \"{_schema.Name}\".credentials WHERE org_id = $1 AND key = $2", Acme.Value, key);
}
