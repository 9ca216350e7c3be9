namespace Credentials.Tests.Caching;

/// <summary>
/// The sealed-record cache across processes: a change that another process commits to the same SQLite file is seen by the
/// very next resolve here (the WAL index's change counter is shared memory between the processes).
/// </summary>
public sealed class SealedRecordCacheProcessTests
{
    [Fact]
    public async Task AnUpdateByAnotherProcess_IsSeenByTheNextResolve()
    {
        using var directory = new TempDirectory("credentials-two-process-");
        var keyFile = directory.File("credentials.key");
        using var vault = new SqliteVault(directory, keyFile: keyFile);
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K", "sk-first-0123456789abcdef"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("sk-first-0123456789abcdef", (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K")).Token);
        }

        // Served from the cache until now.
        Assert.True(vault.IsCached(TestVault.Acme, null, "K"));

        for (var round = 1; round <= 3; round++)
        {
            var token = $"sk-second-{round}-0123456789abcdef";
            Assert.Contains("updated", await VaultProcess.RunAsync("update", vault.Database, keyFile, TestVault.Acme.Value, "K", token), StringComparison.Ordinal);

            // No notification, no wait: the next resolve sees the other process's commit.
            Assert.False(vault.IsCached(TestVault.Acme, null, "K"));
            Assert.Equal(token, (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K")).Token);
            Assert.True(vault.IsCached(TestVault.Acme, null, "K"));
            Assert.Equal(token, (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K")).Token);
        }
    }
}
