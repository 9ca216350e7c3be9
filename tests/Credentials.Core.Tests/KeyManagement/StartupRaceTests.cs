namespace Credentials.Tests.KeyManagement;

/// <summary>
/// An instance that starts while another rotates: it has read its ring, and before it reads the rest, the other instance
/// rotates and then retires the key it loaded as primary, or writes under the new key. Start-up must re-read the ring
/// instead of failing (and, since a failed start is retried with the ring it already loaded, failing for good).
/// </summary>
public sealed class StartupRaceTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-startup-race-");

    public static TheoryData<string> Stores => TwoInstances.Stores;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Startup_WhileAnotherInstanceRotatesRewrapsAndRetiresThePrimaryItLoaded_StartsOnTheNewPrimary(string store)
    {
        using var pair = TwoInstances.Open(_directory, store);
        var (a, b) = (pair.A, pair.B);
        await a.CreateTokensAsync(2);
        var oldKey = Assert.Single(await a.Keys.ListKeysAsync()).Id;

        pair.Gate.Arm("CountByKeyIdAsync");
        var start = b.Store.ListAsync(TestVault.Acme);
        await pair.Gate.Entered.WaitAsync(TwoInstances.Bound);
        var newKey = (await a.Keys.RotateAsync()).Id;
        await a.Keys.RewrapAsync();
        await a.Keys.RetireAsync(oldKey);
        pair.Gate.Release();

        Assert.Single((await start.WaitAsync(TwoInstances.Bound)).Items);
        var created = await b.Store.CreateAsync(TestVault.Acme, TestVault.Token("FROM_B", "sk-from-b-0123456789"));
        Assert.Equal(newKey, (await a.Storage.FindByIdAsync("acme", created.Id.Value))!.KeyId);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Startup_WhileAnotherInstanceRotatesAndWritesUnderTheNewKey_Starts(string store)
    {
        using var pair = TwoInstances.Open(_directory, store);
        var (a, b) = (pair.A, pair.B);
        await a.CreateTokensAsync(1);

        pair.Gate.Arm("CountByKeyIdAsync");
        var start = b.Store.ListAsync(TestVault.Acme);
        await pair.Gate.Entered.WaitAsync(TwoInstances.Bound);
        await a.Keys.RotateAsync();
        await a.Store.CreateAsync(TestVault.Acme, TestVault.Token("UNDER_NEW_KEY", "sk-under-new-key-0123"));
        pair.Gate.Release();

        Assert.Equal(2, (await start.WaitAsync(TwoInstances.Bound)).Items.Count);
        Assert.Equal("sk-under-new-key-0123", (await b.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "UNDER_NEW_KEY")).Token);
    }

    public void Dispose() => _directory.Dispose();
}
