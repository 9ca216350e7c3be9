using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Two vaults on one store and one ring stand for two processes: what one rotates, rewraps and retires, the other must
/// follow without a restart, and never write under a key that was retired.
/// </summary>
public sealed class MultiProcessKeyTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-multi-");

    public static TheoryData<string> Rings => ["key-file", "passphrase"];

    [Theory]
    [MemberData(nameof(Rings))]
    public async Task OtherProcessRotatesRewrapsAndRetires_ThisOneStillReadsAndWritesUnderTheNewPrimary(string ring)
    {
        using var a = Open(ring);
        using var b = Open(ring);
        await a.CreateTokensAsync(4);
        var oldKey = Assert.Single(await b.Keys.ListKeysAsync()).Id;
        Assert.Equal(KeyFileStore.TokenFor("KEY", 1), (await b.Resolver.ResolveAsync<ApiToken>(KeyFileStore.OrgOf(1), "KEY_1")).Token);

        var newKey = (await a.Keys.RotateAsync()).Id;
        await a.Keys.RewrapAsync();
        await a.Keys.RetireAsync(oldKey);

        // B meets credentials under a key it did not load: it re-reads the ring instead of failing.
        Assert.Equal(KeyFileStore.TokenFor("KEY", 1), (await b.Resolver.ResolveAsync<ApiToken>(KeyFileStore.OrgOf(1), "KEY_1")).Token);
        var form = await b.Store.GetForEditAsync(KeyFileStore.OrgOf(2), (await b.Store.ListAsync(KeyFileStore.OrgOf(2))).Items[0].Id);
        Assert.NotNull(form);

        // B's writes go under the new primary, never under the key A retired.
        var created = await b.Store.CreateAsync(TestVault.Acme, TestVault.Token("FROM_B", "sk-from-b-0123456789"));
        Assert.Equal(newKey, (await b.Storage.FindByIdAsync("acme", created.Id.Value))!.KeyId);
        Assert.Equal(0, (await a.Keys.ListKeysAsync()).Single(k => k.Id == oldKey).WrappedCount);
        Assert.Equal("sk-from-b-0123456789", (await a.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "FROM_B")).Token);
    }

    [Fact]
    public async Task PrimaryRetiredElsewhereAndNoNewerKey_WriteIsRefused()
    {
        using var a = TestVault.Create();
        var primary = a.Provider.GetRequiredService<IKeyEncryptionKeyProvider>();
        await a.Store.ListAsync(TestVault.Acme);

        // Another instance (or only a store writer, for a master key) retires this one's primary: the fence records it.
        Assert.Equal(0, await a.Storage.RetireKeyAsync(primary.PrimaryKey.KeyId, DateTimeOffset.UnixEpoch));

        var ex = await Assert.ThrowsAsync<CredentialException>(() => a.Store.CreateAsync(TestVault.Acme, TestVault.Token("OTHER")));
        Assert.Contains("retired", ex.Message, StringComparison.Ordinal);
        Assert.Null(await a.Storage.FindByKeyAsync("acme", "OTHER"));
    }

    private KeyFileStore Open(string ring) => ring == "passphrase"
        ? KeyFileStore.Open(_directory, b => b.UsePassphrase("shared passphrase", PassphraseTests.Cheap))
        : KeyFileStore.Open(_directory);

    public void Dispose() => _directory.Dispose();
}
