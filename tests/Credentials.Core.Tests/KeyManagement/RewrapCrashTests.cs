using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Rotation, then a rewrap of every credential that is killed (Process.Kill, like kill -9) at random points several
/// times and then resumed to completion: no credential may be lost, and every one must open with its value.
/// </summary>
public sealed class RewrapCrashTests : IDisposable
{
    private const int Credentials = 3_000;
    private const int BatchSize = 50;
    private const int Kills = 6;
    private readonly TempDirectory _directory = new("credentials-crash-");

    [Fact(Timeout = 60_000)]
    public async Task Rewrap_KilledAtRandomPointsThenResumed_LosesNothing()
    {
        var started = Stopwatch.StartNew();
        string oldKey, newKey;
        using (var store = KeyFileStore.Open(_directory))
        {
            oldKey = Assert.Single(await store.Keys.ListKeysAsync()).Id;
            BulkFill.Insert(_directory.File("store.db"), store.Services.GetRequiredService<CredentialSealer>(), Credentials);
            newKey = (await store.Keys.RotateAsync()).Id;
        }

        SqliteConnection.ClearAllPools();
        var random = new Random(20251127);
        var killed = 0;
        for (var run = 0; run < Kills; run++)
        {
            var (finished, _) = await RunChildAsync(killAfterLines: random.Next(1, 6), killDelayMs: random.Next(0, 12));
            if (finished)
            {
                break;
            }

            killed++;
        }

        var (completed, lastLine) = await RunChildAsync(killAfterLines: null, killDelayMs: 0);

        Assert.True(completed, "the final rewrap did not finish");
        var final = lastLine.Split(' ');
        Assert.Equal("0", final[2]);
        // The killed runs committed batches before dying, and the last run resumed after them instead of starting over.
        Assert.InRange(int.Parse(final[1], System.Globalization.CultureInfo.InvariantCulture), 1, Credentials - (Kills * BatchSize));
        Assert.Equal(Kills, killed);
        AssertDatabaseIntact();
        using (var store = KeyFileStore.Open(_directory))
        {
            var keys = await store.Keys.ListKeysAsync();
            Assert.Equal(Credentials, keys.Single(k => k.Id == newKey).WrappedCount);
            Assert.Equal(0, keys.Single(k => k.Id == oldKey).WrappedCount);
            for (var i = 0; i < Credentials; i++)
            {
                Assert.Equal(KeyFileStore.TokenFor("KEY", i), (await store.Resolver.ResolveAsync<ApiToken>(KeyFileStore.OrgOf(i), $"KEY_{i}")).Token);
            }
        }

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"took {started.Elapsed}");
    }

    /// <summary>
    /// Runs the child; lets it through <paramref name="killAfterLines"/> batches and kills it during the next one
    /// (null: lets it finish). A killed run commits at most that many batches plus one.
    /// </summary>
    private async Task<(bool Finished, string LastLine)> RunChildAsync(int? killAfterLines, int killDelayMs)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "Credentials.RewrapCrashHost.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        start.ArgumentList.Add(_directory.File("store.db"));
        start.ArgumentList.Add(_directory.File("credentials.key"));
        start.ArgumentList.Add(BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var process = Process.Start(start)!;
        if (killAfterLines is null)
        {
            process.StandardInput.Close();
        }

        var stderr = process.StandardError.ReadToEndAsync();
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

            // Let the child start its next batch, then kill it a random few milliseconds in: while it lists, rewraps,
            // writes its transaction, or after it committed and waits again.
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
        using var connection = new SqliteConnection("Data Source=" + _directory.File("store.db"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", command.ExecuteScalar());
    }

    public void Dispose() => _directory.Dispose();
}
