namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Issue 13, items 1 and 2: no write may commit under a key that another instance retired while the write was under way.
/// B is held inside its storage write (it has sealed under its primary) while A rotates, rewraps and retires that key;
/// the store's fence must refuse B's write, and B must write again under the new primary.
/// </summary>
public sealed class RetiredKeyFenceTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-fence-");

    public static TheoryData<string> Stores => TwoInstances.Stores;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Create_HeldWhileAnotherInstanceRotatesRewrapsAndRetires_IsWrittenUnderTheNewPrimary(string store)
    {
        using var pair = TwoInstances.Open(_directory, store);
        var (a, b) = (pair.A, pair.B);
        await a.CreateTokensAsync(3);
        var oldKey = Assert.Single(await b.Keys.ListKeysAsync()).Id;

        pair.Gate.Arm("InsertAsync");
        var create = b.Store.CreateAsync(TestVault.Acme, TestVault.Token("FROM_B", "sk-from-b-0123456789"));
        await pair.Gate.Entered.WaitAsync(TwoInstances.Bound);
        var newKey = (await a.Keys.RotateAsync()).Id;
        Assert.Equal(0, (await a.Keys.RewrapAsync()).Remaining);
        await a.Keys.RetireAsync(oldKey);
        pair.Gate.Release();
        var created = await create.WaitAsync(TwoInstances.Bound);

        Assert.Equal(newKey, (await a.Storage.FindByIdAsync("acme", created.Id.Value))!.KeyId);
        Assert.Equal("sk-from-b-0123456789", (await a.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "FROM_B")).Token);
        Assert.Equal("sk-from-b-0123456789", (await b.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "FROM_B")).Token);
        Assert.Equal(0, (await a.Keys.ListKeysAsync()).Single(k => k.Id == oldKey).WrappedCount);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task LabelEdit_HeldWhileAnotherInstanceRotatesRewrapsAndRetires_IsWrittenUnderTheNewPrimary(string store)
    {
        using var pair = TwoInstances.Open(_directory, store);
        var (a, b) = (pair.A, pair.B);
        var views = await a.CreateTokensAsync(3);
        var oldKey = Assert.Single(await b.Keys.ListKeysAsync()).Id;
        var form = await b.Store.GetForEditAsync(TestVault.Acme, views[0].Id);

        pair.Gate.Arm("UpdateAsync");
        var edit = b.Store.UpdateAsync(TestVault.Acme, views[0].Id, new CredentialUpdate { Name = "Renamed by B", ExpectedVersion = form.Version });
        await pair.Gate.Entered.WaitAsync(TwoInstances.Bound);
        var newKey = (await a.Keys.RotateAsync()).Id;
        Assert.Equal(0, (await a.Keys.RewrapAsync()).Remaining);
        await a.Keys.RetireAsync(oldKey);
        pair.Gate.Release();
        var edited = await edit.WaitAsync(TwoInstances.Bound);

        Assert.Equal("Renamed by B", edited.Name);
        Assert.Equal(newKey, (await a.Storage.FindByIdAsync("acme", views[0].Id.Value))!.KeyId);
        Assert.Equal(KeyFileStore.TokenFor("KEY", 0), (await a.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_0")).Token);
        Assert.Equal(KeyFileStore.TokenFor("KEY", 0), (await b.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_0")).Token);
        Assert.Equal(0, (await a.Keys.ListKeysAsync()).Single(k => k.Id == oldKey).WrappedCount);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SecretUpdate_CommittedUnderTheOldKeyBeforeTheRetirement_MakesTheRetirementWaitForARewrap(string store)
    {
        // The other order: B's write commits first (under the old key, which is still live); A's retirement sees it and is
        // refused until a rewrap has moved it. Nothing is lost either way.
        using var pair = TwoInstances.Open(_directory, store);
        var (a, b) = (pair.A, pair.B);
        var views = await a.CreateTokensAsync(2);
        var oldKey = Assert.Single(await b.Keys.ListKeysAsync()).Id;

        pair.Gate.Arm("UpdateAsync");
        var update = b.Store.UpdateAsync(TestVault.Acme, views[0].Id, new CredentialUpdate { Secret = new ApiToken("sk-updated-by-b-0123456789") });
        await pair.Gate.Entered.WaitAsync(TwoInstances.Bound);
        await a.Keys.RotateAsync();
        Assert.Equal(0, (await a.Keys.RewrapAsync()).Remaining);
        pair.Gate.Release();
        await update.WaitAsync(TwoInstances.Bound);

        var refused = await Assert.ThrowsAsync<CredentialException>(() => a.Keys.RetireAsync(oldKey));
        Assert.Contains("still wraps 1 credential(s)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await a.Keys.RewrapAsync()).Remaining);
        await a.Keys.RetireAsync(oldKey);
        Assert.Equal("sk-updated-by-b-0123456789", (await a.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_0")).Token);
        Assert.Equal("sk-updated-by-b-0123456789", (await b.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_0")).Token);
    }

    public void Dispose() => _directory.Dispose();
}
