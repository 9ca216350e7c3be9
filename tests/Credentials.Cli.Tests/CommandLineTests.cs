using Credentials.Cli.Tests.Infrastructure;

namespace Credentials.Cli.Tests;

/// <summary>Settings, usage errors, and secrets that must never be taken from (or echoed off) the command line.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    [Theory]
    [InlineData("--passphrase")]
    [InlineData("--master-key")]
    [InlineData("--bundle-passphrase")]
    [InlineData("--from-master-key")]
    public async Task SecretOption_IsRefusedWithoutEchoingTheValue(string option)
    {
        var secret = Markers.New("argv");
        var result = await RunAsync("list", option, secret);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{option}-file", result.Error);
        Assert.DoesNotContain(secret, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgresConnectionStringWithPassword_OnTheCommandLine_IsRefused()
    {
        var secret = Markers.New("pg-password");
        var result = await RunAsync("--postgres", $"Host=db.example.com;Username=ops;Password={secret}", "list");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("CREDENTIALS_POSTGRES", result.Error);
        Assert.DoesNotContain(secret, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_IsAUsageError()
    {
        var result = await RunAsync("list", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task List_WithoutAStore_SaysSoAndCreatesNothing()
    {
        var result = await RunAsync("list");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("There is no credential store", result.Error);
        Assert.False(File.Exists(_dir.File("credentials.db")));
        Assert.False(File.Exists(_dir.File("credentials.key")));
    }

    [Fact]
    public async Task InitThenList_ShowsMaskedCardsOfEveryOrganization()
    {
        Assert.Equal(0, (await RunAsync("init")).ExitCode);
        string[] markers;
        await using (var vault = TestVault.Sqlite(_dir.File("credentials.db"), _dir.File("credentials.key")))
        {
            markers = [.. await Seed.FillAsync(vault)];
        }

        var shared = await RunAsync("list");
        Assert.True(shared.ExitCode == 0, shared.ToString());
        Assert.Contains("Organization acme", shared.Output);
        Assert.Contains("Organization globex", shared.Output);
        Assert.Contains("OPENAI_API_KEY", shared.Output);
        Assert.Contains("••••", shared.Output);
        Assert.DoesNotContain("alice", shared.Output, StringComparison.Ordinal);

        var all = await RunAsync("list", "--org", "acme", "--all-users");
        Assert.Contains("alice", all.Output);
        Assert.Contains("bob", all.Output);
        Assert.Contains("9 credential(s) in 1 organization(s).", all.Output);

        var alice = await RunAsync("list", "--org", "acme", "--user", "alice");
        Assert.Contains("1 credential(s) in 1 organization(s).", alice.Output);

        foreach (var marker in markers)
        {
            Assert.DoesNotContain(marker, shared.All + all.All + alice.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SettingsFile_NamesTheStoreAndKey_RelativeToItsFolder()
    {
        Directory.CreateDirectory(_dir.File("conf"));
        await File.WriteAllTextAsync(_dir.File("conf/credentials.json"), """{ "sqlite": "data/vault.db", "keyFile": "data/vault.key" }""");
        var init = await RunAsync("--config", "conf/credentials.json", "init");
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.True(File.Exists(_dir.File("conf/data/vault.db")));
        Assert.True(File.Exists(_dir.File("conf/data/vault.key")));

        await File.WriteAllTextAsync(_dir.File("conf/typo.json"), """{ "sqllite": "x.db" }""");
        var typo = await RunAsync("--config", "conf/typo.json", "list");
        Assert.True(typo.ExitCode == 2, typo.ToString());
        Assert.Contains("is not valid", typo.Error);
    }

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(_dir.Path, args);
}
