using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Issue 13, item 3: a soft-deleted credential still holds a secret under its key, so rewrap must move it too; otherwise a
/// key could only be retired by purging what users may still recover.
/// </summary>
public sealed class RecycleBinRewrapTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-bin-rewrap-");

    public static TheoryData<string> Stores => ["sqlite+key-file", "memory+passphrase"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Rewrap_WithCredentialsInTheRecycleBin_MovesThemToo_RetireSucceeds_AndTheyRecoverAndOpen(string store)
    {
        using var vault = Open(store);
        var views = await vault.CreateTokensAsync(5);
        var deleted = vault.Services.GetRequiredService<IDeletedCredentials>();
        await vault.Store.DeleteAsync(KeyFileStore.OrgOf(1), views[1].Id);
        await vault.Store.DeleteAsync(KeyFileStore.OrgOf(4), views[4].Id);
        var oldKey = Assert.Single(await vault.Keys.ListKeysAsync()).Id;
        var newKey = (await vault.Keys.RotateAsync()).Id;

        var result = await vault.Keys.RewrapAsync();

        Assert.Equal(5, result.Rewrapped);
        Assert.Equal(0, result.Remaining);
        Assert.Equal(0, result.Failed);
        var keys = await vault.Keys.ListKeysAsync();
        Assert.Equal(0, keys.Single(k => k.Id == oldKey).WrappedCount);
        Assert.Equal(5, keys.Single(k => k.Id == newKey).WrappedCount);
        await vault.Keys.RetireAsync(oldKey);
        Assert.True((await vault.Keys.ListKeysAsync()).Single(k => k.Id == oldKey).IsRetired);

        await deleted.RecoverAsync(KeyFileStore.OrgOf(1), views[1].Id);
        await deleted.RecoverAsync(KeyFileStore.OrgOf(4), views[4].Id);
        for (var i = 0; i < views.Count; i++)
        {
            Assert.Equal(KeyFileStore.TokenFor("KEY", i), (await vault.Resolver.ResolveAsync<ApiToken>(KeyFileStore.OrgOf(i), $"KEY_{i}")).Token);
            Assert.Equal(newKey, (await vault.Storage.FindByIdAsync(KeyFileStore.OrgOf(i).Value, views[i].Id.Value))!.KeyId);
        }
    }

    [Fact]
    public async Task Rewrap_ManyDeletedCredentialsSharingAKey_MovesEachOnceInBatches()
    {
        using var vault = KeyFileStore.Open(_directory, b => b.Services.Configure<RewrapOptions>(o => o.BatchSize = 3));
        for (var round = 0; round < 7; round++)
        {
            // The same key deleted again and again: the bin holds seven credentials named SHARED.
            var view = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("SHARED", $"sk-shared-{round}-0123456789"));
            await vault.Store.DeleteAsync(TestVault.Acme, view.Id);
        }

        var oldKey = Assert.Single(await vault.Keys.ListKeysAsync()).Id;
        await vault.Keys.RotateAsync();
        var reports = new List<RewrapProgress>();

        var result = await vault.Keys.RewrapAsync(new SyncProgress<RewrapProgress>(reports.Add));

        Assert.Equal((7L, 0L), (result.Rewrapped, result.Remaining));
        Assert.Equal(new RewrapProgress(7, 7), reports[^1]);
        await vault.Keys.RetireAsync(oldKey);
    }

    private KeyFileStore Open(string store) => store == "memory+passphrase"
        ? KeyFileStore.Open(_directory, b =>
        {
            b.UsePassphrase("a test passphrase", PassphraseTests.Cheap);
            b.Services.Replace(ServiceDescriptor.Singleton<ICredentialStorage>(new InMemoryCredentialStorage()));
        })
        : KeyFileStore.Open(_directory);

    public void Dispose() => _directory.Dispose();
}
