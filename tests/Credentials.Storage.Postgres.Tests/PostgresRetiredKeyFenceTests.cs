using Credentials.Storage.Postgres.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Issue 13 on PostgreSQL, two instances on one schema with a passphrase ring: a write held inside B's storage while A
/// rotates, rewraps and retires (items 1 and 2), the recycle bin rewrapped (item 3), and quick rotations met by B (item 4).
/// B's storage is wrapped by a <see cref="StorageInterceptor"/> (which also means B hears no notifications: it learns of
/// A's changes only from the store, the harder case).
/// </summary>
[RequiresPostgres]
public sealed class PostgresRetiredKeyFenceTests : IAsyncLifetime
{
    private const string Passphrase = "a passphrase both instances share, long enough";
    private static readonly OrganizationId Acme = new("acme");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TestSchema _schema = new();
    private readonly List<PostgresVault> _vaults = [];
    private PostgresCredentialStorage? _gatedStorage;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var vault in _vaults)
        {
            await vault.DisposeAsync();
        }

        if (_gatedStorage is not null)
        {
            await _gatedStorage.DisposeAsync();
        }

        await _schema.DisposeAsync();
    }

    [Fact]
    public async Task Create_HeldWhileAnotherInstanceRotatesRewrapsAndRetires_IsWrittenUnderTheNewPrimary()
    {
        var a = Start();
        var (b, gate) = StartGated();
        await a.Store.CreateAsync(Acme, Token("EXISTING", "sk-existing-0123456789"));
        var oldKey = Assert.Single(await b.Keys.ListKeysAsync()).Id;

        gate.Arm("InsertAsync");
        var create = b.Store.CreateAsync(Acme, Token("FROM_B", "sk-from-b-0123456789"));
        await gate.Entered.WaitAsync(Bound);
        var newKey = (await a.Keys.RotateAsync()).Id;
        Assert.Equal(0, (await a.Keys.RewrapAsync()).Remaining);
        await a.Keys.RetireAsync(oldKey);
        gate.Release();
        await create.WaitAsync(Bound);

        Assert.Equal(newKey, await StoredKeyIdAsync("FROM_B"));
        Assert.Equal("sk-from-b-0123456789", (await a.Resolver.ResolveAsync<ApiToken>(Acme, "FROM_B")).Token);
        Assert.Equal("sk-from-b-0123456789", (await b.Resolver.ResolveAsync<ApiToken>(Acme, "FROM_B")).Token);
    }

    [Fact]
    public async Task LabelEdit_HeldWhileAnotherInstanceRotatesRewrapsAndRetires_IsWrittenUnderTheNewPrimary()
    {
        var a = Start();
        var (b, gate) = StartGated();
        var view = await a.Store.CreateAsync(Acme, Token("EDITED", "sk-edited-0123456789"));
        var oldKey = Assert.Single(await b.Keys.ListKeysAsync()).Id;

        gate.Arm("UpdateAsync");
        var edit = b.Store.UpdateAsync(Acme, view.Id, new CredentialUpdate { Name = "Renamed by B", ExpectedVersion = view.Version });
        await gate.Entered.WaitAsync(Bound);
        var newKey = (await a.Keys.RotateAsync()).Id;
        Assert.Equal(0, (await a.Keys.RewrapAsync()).Remaining);
        await a.Keys.RetireAsync(oldKey);
        gate.Release();

        Assert.Equal("Renamed by B", (await edit.WaitAsync(Bound)).Name);
        Assert.Equal(newKey, await StoredKeyIdAsync("EDITED"));
        Assert.Equal("sk-edited-0123456789", (await a.Resolver.ResolveAsync<ApiToken>(Acme, "EDITED")).Token);
    }

    [Fact]
    public async Task Rewrap_WithCredentialsInTheRecycleBin_MovesThemToo_RetireSucceeds_AndTheyRecover()
    {
        var a = Start();
        var kept = await a.Store.CreateAsync(Acme, Token("KEPT", "sk-kept-0123456789"));
        var binned = await a.Store.CreateAsync(Acme, Token("BINNED", "sk-binned-0123456789"));
        await a.Store.DeleteAsync(Acme, binned.Id);
        var oldKey = Assert.Single(await a.Keys.ListKeysAsync()).Id;
        await a.Keys.RotateAsync();

        var result = await a.Keys.RewrapAsync();

        Assert.Equal((2L, 0L), (result.Rewrapped, result.Remaining));
        await a.Keys.RetireAsync(oldKey);
        await a.Deleted.RecoverAsync(Acme, binned.Id);
        Assert.Equal("sk-binned-0123456789", (await a.Resolver.ResolveAsync<ApiToken>(Acme, "BINNED")).Token);
        Assert.Equal("sk-kept-0123456789", (await a.Resolver.ResolveAsync<ApiToken>(Acme, kept.Key)).Token);
    }

    [Fact]
    public async Task AnotherInstanceRotatesTwiceAndRewraps_ConcurrentResolvesAllSucceed_WithFewRingReads()
    {
        const int count = 24;
        var a = Start();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var (b, gate) = StartGated(builder => builder.Services.AddSingleton<TimeProvider>(clock));
        for (var i = 0; i < count; i++)
        {
            await a.Store.CreateAsync(Acme, Token($"KEY_{i}", $"sk-key-{i:D4}-0123456789"));
        }

        Assert.Equal("sk-key-0000-0123456789", (await b.Resolver.ResolveAsync<ApiToken>(Acme, "KEY_0")).Token);
        await a.Keys.RotateAsync();
        await a.Keys.RewrapAsync();
        Assert.Equal("sk-key-0001-0123456789", (await b.Resolver.ResolveAsync<ApiToken>(Acme, "KEY_1")).Token);
        await a.Keys.RotateAsync();
        await a.Keys.RewrapAsync();
        gate.ClearCalls();

        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            try
            {
                return (await b.Resolver.ResolveAsync<ApiToken>(Acme, $"KEY_{i}")).Token == $"sk-key-{i:D4}-0123456789";
            }
            catch (CredentialIntegrityException)
            {
                return false;
            }
        })));

        Assert.All(results, Assert.True);
        Assert.InRange(gate.Calls.Count(c => c.Method == "ListSettingsAsync" && c.Argument == "key-ring/key/"), 0, 2);
    }

    private static NewCredential Token(string key, string token) => new(key, key, CredentialCategory.LlmProvider, new ApiToken(token));

    private static void Keys(ICredentialsBuilder builder) =>
        builder.UsePassphrase(Passphrase, o =>
        {
            o.MemorySizeKib = 64;
            o.Iterations = 1;
            o.Parallelism = 1;
        });

    private PostgresVault Start(Action<ICredentialsBuilder>? more = null)
    {
        var vault = PostgresVault.Start(_schema.Name, Keys, more: more);
        _vaults.Add(vault);
        return vault;
    }

    private (PostgresVault Vault, StorageInterceptor Gate) StartGated(Action<ICredentialsBuilder>? more = null)
    {
        _gatedStorage = new PostgresCredentialStorage(TestSchema.ConnectionString, _schema.Name);
        var wrapped = StorageInterceptor.Wrap(_gatedStorage);
        var vault = Start(builder =>
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(wrapped));
            more?.Invoke(builder);
        });
        return (vault, StorageInterceptor.Of(wrapped));
    }

    private async Task<string?> StoredKeyIdAsync(string key) =>
        (string?)await TestSchema.ScalarAsync($"SELECT key_id FROM \"{_schema.Name}\".credentials WHERE org_id = $1 AND key = $2", Acme.Value, key);
}
