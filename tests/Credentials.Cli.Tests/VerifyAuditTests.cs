using System.Text.RegularExpressions;
using Credentials.Cli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Credentials.Cli.Tests;

/// <summary><c>credentials verify</c> and the audit chains: clean on an untouched store, and a row edited or deleted in the SQLite file found by organization and position.</summary>
public sealed class VerifyAuditTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    [Fact]
    public async Task Verify_UntouchedStore_ReportsTheAuditChainsIntact()
    {
        await SeedAsync();
        var verify = await RunAsync("verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Audit chain: intact (2 chain(s): 2 organization(s))", Flat(verify.Output));
        Assert.Contains("Verified.", verify.Output);
    }

    [Fact]
    public async Task Verify_EditedAuditRow_ReportsTheOrganizationAndPositionWithoutASecret()
    {
        var markers = await SeedAsync();

        // Someone with the database file rewrites who created acme's third credential.
        Assert.Equal(1, Execute("UPDATE audit_log SET actor_user_id = 'mallory' WHERE org_id = 'acme' AND sequence = 3"));
        var verify = await RunAsync("verify");
        Assert.True(verify.ExitCode == 3, verify.ToString());
        var output = Flat(verify.Output);
        Assert.Contains("Audit chain: 1 of 2 chain(s) broken", output);
        Assert.Contains("organization acme: record 3 was altered", output);
        Assert.DoesNotContain("organization globex", output);
        Assert.Contains("Credentials: 11 of 11 open", output);
        Assert.Contains("Verification failed", verify.Error);

        // A deleted record in the other organization is found too, at its position; acme is still reported.
        Assert.Equal(1, Execute("DELETE FROM audit_log WHERE org_id = 'globex' AND sequence = 1"));
        var both = await RunAsync("verify");
        Assert.True(both.ExitCode == 3, both.ToString());
        var bothOutput = Flat(both.Output);
        Assert.Contains("Audit chain: 2 of 2 chain(s) broken", bothOutput);
        Assert.Contains("organization acme: record 3 was altered", bothOutput);
        Assert.Contains("organization globex: record 1 is missing (deleted)", bothOutput);

        foreach (var marker in markers)
        {
            Assert.DoesNotContain(marker, verify.All + both.All, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _dir.Dispose();

    private static string Flat(string text) => Regex.Replace(text, @"\s+", " ");

    private async Task<IReadOnlyList<string>> SeedAsync()
    {
        await using var vault = TestVault.Sqlite(_dir.File("credentials.db"), _dir.File("credentials.key"));
        return await Seed.FillAsync(vault);
    }

    private int Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File("credentials.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(_dir.Path, args);
}
