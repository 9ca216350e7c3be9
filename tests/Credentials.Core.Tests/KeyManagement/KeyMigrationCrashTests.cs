using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Issue 17, "must be true": a store made with the development key file is moved to a passphrase (or a master key) by a
/// child process (<c>Credentials.RewrapCrashHost migrate</c>: MigrateKeysFromKeyFile and ICredentialKeyMigration.MigrateAsync)
/// that is killed (Process.Kill, SIGKILL) at random points, once while it starts (the new ring being created) and then in
/// the middle of its rewrap, several times, and finally resumed to completion. Nothing is lost, and with the key file deleted
/// every credential opens under the new provider alone.
/// </summary>
public sealed class KeyMigrationCrashTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const int Bulk = 1_200;
    private const int BatchSize = 25;
    private const int KillsInRewrap = 4;
    private const string Passphrase = "the crash test's passphrase, shared by every process"; // CrashHost.Passphrase
    private readonly TempDirectory _directory = new("credentials-migration-crash-");
    private readonly string _masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static TheoryData<string> Targets => ["passphrase", "master-key"];

    [Theory(Timeout = 240_000)]
    [MemberData(nameof(Targets))]
    public async Task Migration_KilledAtRandomPointsThenResumed_LosesNothing_AndEverythingOpensUnderTheNewProviderAlone(string target)
    {
        var started = Stopwatch.StartNew();
        MigrationSeed seed;
        using (var store = KeyFileStore.Open(_directory))
        {
            _ = await store.Keys.ListKeysAsync(); // Creates the store and the key file.
            BulkFill.Insert(_directory.File("store.db"), store.Services.GetRequiredService<CredentialSealer>(), Bulk);
            seed = await MigrationSeed.CreateAsync(store.Services);
        }

        var total = Bulk + seed.Count;
        SqliteConnection.ClearAllPools();
        var random = new Random(20261215 + target.Length);

        // Once while it starts (reading the key file, creating the passphrase ring), then in the middle of the rewrap.
        var startDelay = random.Next(50, 1_500);
        var (finished, printed) = await RunChildAsync(target, killAfterLines: 0, killDelayMs: startDelay);
        Assert.False(finished, "the migration finished before it was killed");
        output.WriteLine($"start: killed {startDelay} ms in, after '{printed.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()}'");
        for (var run = 0; run < KillsInRewrap; run++)
        {
            (finished, var last) = await RunChildAsync(target, killAfterLines: random.Next(1, 6), killDelayMs: random.Next(0, 12));
            Assert.False(finished, $"run {run} finished before it was killed");
            output.WriteLine($"run {run}: killed after '{last}'");
        }

        var (completed, lastLine) = await RunChildAsync(target, killAfterLines: null, killDelayMs: 0);

        Assert.True(completed, "the final migration did not finish");
        var final = lastLine.Split(' ');
        Assert.Equal(["done", final[1], "0", "True"], final);

        // The killed runs committed batches before dying, and the last run resumed after them instead of starting over.
        Assert.InRange(int.Parse(final[1], CultureInfo.InvariantCulture), 0, total - (KillsInRewrap * BatchSize));
        AssertDatabaseIntact();

        // The new provider alone, the key file deleted: every credential, the recycle bin's included.
        File.Delete(_directory.File("credentials.key"));
        using (var migrated = KeyFileStore.Open(_directory, NewProvider(target)))
        {
            Assert.Equal(total, (await migrated.Storage.CountByKeyIdAsync()).Values.Sum());
            var keys = await migrated.Keys.ListKeysAsync();
            Assert.Equal(total, Assert.Single(keys, k => k.IsPrimary).WrappedCount);
            Assert.All(keys, k => Assert.False(k.IsRetired));
            for (var i = 0; i < Bulk; i++)
            {
                Assert.Equal(KeyFileStore.TokenFor("KEY", i), (await migrated.Resolver.ResolveAsync<ApiToken>(KeyFileStore.OrgOf(i), $"KEY_{i}")).Token);
            }

            await seed.VerifyAsync(migrated.Services, recoverDeleted: true);
        }

        Assert.False(File.Exists(_directory.File("credentials.key")));
        output.WriteLine($"{target}: {total} credentials, took {started.Elapsed}");
    }

    public void Dispose() => _directory.Dispose();

    private Action<ICredentialsBuilder> NewProvider(string target) => target == "passphrase"
        ? b => b.UsePassphrase(Passphrase, o =>
        {
            o.MemorySizeKib = 64;
            o.Iterations = 1;
            o.Parallelism = 1;
        })
        : b => b.UseMasterKey(_masterKey);

    /// <summary>
    /// Runs the child; lets it through <paramref name="killAfterLines"/> batches and kills it during the next one (0: kills it
    /// <paramref name="killDelayMs"/> after it started, whatever it is doing; null: lets it finish).
    /// </summary>
    private async Task<(bool Finished, string LastLine)> RunChildAsync(string target, int? killAfterLines, int killDelayMs)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Credentials.RewrapCrashHost.dll"));
        start.ArgumentList.Add("migrate");
        start.ArgumentList.Add(_directory.File("store.db"));
        start.ArgumentList.Add(_directory.File("credentials.key"));
        start.ArgumentList.Add(BatchSize.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(target == "passphrase" ? "passphrase" : "master-key:" + _masterKey);

        using var process = Process.Start(start)!;
        if (killAfterLines is null)
        {
            process.StandardInput.Close();
        }

        var stderr = process.StandardError.ReadToEndAsync();
        if (killAfterLines == 0)
        {
            await Task.Delay(killDelayMs);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            var printed = await process.StandardOutput.ReadToEndAsync();
            return (printed.Contains("done", StringComparison.Ordinal), printed);
        }

        var lines = 0;
        var last = string.Empty;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            last = line;
            if (line.StartsWith("done", StringComparison.Ordinal))
            {
                await process.WaitForExitAsync();
                return (true, line);
            }

            if (killAfterLines is not { } limit)
            {
                continue;
            }

            // Let the child start its next batch, then kill it a random few milliseconds in.
            await process.StandardInput.WriteLineAsync("go");
            await process.StandardInput.FlushAsync();
            if (++lines >= limit)
            {
                await Task.Delay(killDelayMs);
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return (false, last);
            }
        }

        await process.WaitForExitAsync();
        Assert.Fail($"the child exited with {process.ExitCode} without finishing: {await stderr}");
        return (false, last);
    }

    private void AssertDatabaseIntact()
    {
        using var connection = new SqliteConnection("Data Source=" + _directory.File("store.db") + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", command.ExecuteScalar());
    }
}
