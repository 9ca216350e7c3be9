using System.Text.RegularExpressions;
using Credentials.Cli.Tests.Infrastructure;

namespace Credentials.Cli.Tests;

/// <summary><c>credentials keys</c> on a SQLite store with a key file: rotate, rewrap with progress, retire.</summary>
public sealed class KeysCommandTests : IDisposable
{
    private const int Count = 5_000;
    private readonly TestDirectory _dir = new();

    [Fact]
    public async Task KeysRewrap_AfterRotate_ShowsProgressAndMovesEveryCredential()
    {
        await using (var vault = TestVault.Sqlite(_dir.File("credentials.db"), _dir.File("credentials.key")))
        {
            await vault.Keys.ListKeysAsync();
            BulkFill.Insert(_dir.File("credentials.db"), vault.Sealer, Count, ["acme", "globex"]);
        }

        var before = await RunAsync("keys", "list");
        var oldKey = Regex.Match(before.Output, "k-[0-9a-f]{16}").Value;
        Assert.Contains("5,000", before.Output);

        var rotate = await RunAsync("keys", "rotate");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        var newKey = Regex.Match(rotate.Output, "New primary key (k-[0-9a-f]{16})").Groups[1].Value;

        // Redirected output: plain progress lines (done of total, rate, time left), the last at 100%.
        var rewrap = await RunAsync("keys", "rewrap");
        Assert.True(rewrap.ExitCode == 0, rewrap.ToString());
        Assert.Matches(@"Rewrapping: [\d,]+ of 5,000 \(\d+%\), [\d,]+/s, about \d+ s left", rewrap.Output);
        Assert.Contains("Rewrapping: 5,000 of 5,000 (100%)", rewrap.Output);
        Assert.Contains($"Rewrapped 5,000 credential(s) under {newKey}", rewrap.Output);
        Assert.Contains("failed 0, remaining 0", rewrap.Output);

        var keys = await RunAsync("keys", "list");
        Assert.Matches($@"{oldKey}\s*│[^│]*│\s*│\s*│\s*0\s*│", keys.Output);
        var retire = await RunAsync("keys", "retire", oldKey);
        Assert.True(retire.ExitCode == 0, retire.ToString());

        // The live bar, forced on a redirected output: the bar, the count and the percentage reach 100%.
        Assert.Equal(0, (await RunAsync("keys", "rotate")).ExitCode);
        var bar = await RunAsync("keys", "rewrap", "--progress", "bar");
        Assert.True(bar.ExitCode == 0, bar.ToString());
        Assert.Contains("Rewrapping", bar.Output);
        Assert.Contains("━", bar.Output);
        Assert.Contains("5,000/5,000", bar.Output);
        Assert.Contains("100%", bar.Output);

        var verify = await RunAsync("verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Credentials: 5000 of 5000 open, in 2 organization(s).", verify.Output);
    }

    [Fact]
    public async Task KeysRetire_KeyStillInUse_IsRefusedWithTheCount()
    {
        await using (var vault = TestVault.Sqlite(_dir.File("credentials.db"), _dir.File("credentials.key")))
        {
            await vault.Store.CreateAsync(new OrganizationId("acme"), new NewCredential("T", "TOKEN", CredentialCategory.Custom, new ApiToken("tok-1234567890")));
        }

        var oldKey = Regex.Match((await RunAsync("keys", "list")).Output, "k-[0-9a-f]{16}").Value;
        Assert.Equal(0, (await RunAsync("keys", "rotate")).ExitCode);
        var retire = await RunAsync("keys", "retire", oldKey);
        Assert.True(retire.ExitCode == 1, retire.ToString());
        Assert.Contains(oldKey, retire.Error);
    }

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(_dir.Path, args);
}
