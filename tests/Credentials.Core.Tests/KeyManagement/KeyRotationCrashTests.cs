using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Issue 13, "must be true": rotate + rewrap + retire in one process while another process writes credentials, both on one
/// SQLite file and one key ring, and both killed (Process.Kill, SIGKILL) at random points, round after round. After every
/// kill the store opens, every acknowledged write is there (or the one write in flight when the writer died, which may or
/// may not have committed), and no credential, active or deleted, is under a retired key.
/// </summary>
public sealed class KeyRotationCrashTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 5;
    private const int Slots = 12;
    private readonly TempDirectory _directory = new("credentials-rotation-crash-");

    public static TheoryData<string> Rings => ["passphrase", "key-file"];

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Rings))]
    public async Task RotateRewrapRetireAndWrites_KilledAtRandomPoints_LoseNothingAcknowledged_AndLeaveNothingUnderARetiredKey(string ring)
    {
        var ringArgument = ring == "passphrase" ? "passphrase" : _directory.File("credentials.key");
        var random = new Random(20261202 + ring.Length);
        var acknowledged = new Dictionary<string, string>(StringComparer.Ordinal);
        var retiredSeen = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // Each child is killed after a random number of lines (its progress) plus a random few milliseconds.
            var writer = Child.Start("writer", _directory.File("store.db"), ringArgument, (round + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Slots.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var keys = Child.Start("keys", _directory.File("store.db"), ringArgument, (1000 + round).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Task.WhenAll(
                writer.KillAfterAsync(lines: random.Next(10, 80), delayMs: random.Next(0, 15)),
                keys.KillAfterAsync(lines: random.Next(3, 25), delayMs: random.Next(0, 15)));

            retiredSeen += keys.Lines.Count(l => l.StartsWith("retired ", StringComparison.Ordinal));
            output.WriteLine(
                $"round {round}: writer {Count(writer, "ack")} acknowledged, {Count(writer, "refused")} refused, killed after '{writer.Lines.LastOrDefault()}'; " +
                $"keys {Count(keys, "rotated")} rotations, {Count(keys, "retired")} retirements, killed after '{keys.Lines.LastOrDefault()}'");
            await CheckAsync(ring, acknowledged, writer.Lines);
        }

        // The children did rotate, retire and write (otherwise the test proves nothing).
        Assert.True(retiredSeen > 0, "no key was retired in any round");
        Assert.True(acknowledged.Count > Slots / 2, $"only {acknowledged.Count} credentials were written");

        using var store = Open(ring);
        Assert.Equal(0, (await store.Keys.RewrapAsync()).Remaining);
    }

    private static int Count(Child child, string verb) => child.Lines.Count(l => l.StartsWith(verb + " ", StringComparison.Ordinal));

    /// <summary>After a round: the file is sound, the store opens, acknowledged writes are there, nothing is under a retired key.</summary>
    private async Task CheckAsync(string ring, Dictionary<string, string> acknowledged, IReadOnlyList<string> writerLines)
    {
        // What this round's writer acknowledged, and the one write it had started when it died (which may have committed).
        var inFlight = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parts in writerLines.Select(l => l.Split(' ')).Where(p => p.Length == 3 && p[2].EndsWith("-acknowledged", StringComparison.Ordinal)))
        {
            if (parts[0] == "try")
            {
                inFlight[parts[1]] = parts[2];
            }
            else if (parts[0] == "ack")
            {
                acknowledged[parts[1]] = parts[2];
                inFlight.Remove(parts[1]);
            }
            else if (parts[0] == "refused")
            {
                inFlight.Remove(parts[1]); // Refused with an error: certainly not written.
            }
        }

        using (var connection = new SqliteConnection("Data Source=" + _directory.File("store.db") + ";Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", command.ExecuteScalar());
        }

        using var store = Open(ring);
        foreach (var key in acknowledged.Keys.Concat(inFlight.Keys).Distinct().ToList())
        {
            var value = (await store.Resolver.TryResolveAsync(TestVault.Acme, key) as ApiToken)?.Token;
            var expected = acknowledged.GetValueOrDefault(key);
            if (inFlight.TryGetValue(key, out var attempted) && value == attempted)
            {
                acknowledged[key] = attempted;
                continue;
            }

            // Never acknowledged: absent (its first write was the one in flight, and did not commit). Otherwise the last
            // acknowledged value.
            Assert.True(value == expected, $"{key}: expected '{expected}' (or the write in flight, '{attempted}'), found '{value}'");
        }

        var listed = await store.Keys.ListKeysAsync();
        Assert.All(listed.Where(k => k.IsRetired), k => Assert.Equal(0, k.WrappedCount));
        Assert.Equal((await store.Storage.CountByKeyIdAsync()).Values.Sum(), listed.Sum(k => k.WrappedCount));
    }

    private KeyFileStore Open(string ring) => ring == "passphrase"
        ? KeyFileStore.Open(_directory, b => b.UsePassphrase(Passphrase, o =>
        {
            o.MemorySizeKib = 64;
            o.Iterations = 1;
            o.Parallelism = 1;
        }))
        : KeyFileStore.Open(_directory);

    // The crash host's passphrase (Credentials.RewrapCrashHost, CrashHost.Passphrase).
    private const string Passphrase = "the crash test's passphrase, shared by every process";

    public void Dispose() => _directory.Dispose();

    /// <summary>One child process and the lines it printed.</summary>
    private sealed class Child(Process process)
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines => _lines;

        public static Child Start(params string[] arguments)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Credentials.RewrapCrashHost.dll"));
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            return new Child(Process.Start(start)!);
        }

        public async Task KillAfterAsync(int lines, int delayMs)
        {
            using (process)
            {
                var stderr = process.StandardError.ReadToEndAsync();
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    _lines.Add(line);
                    if (_lines.Count >= lines)
                    {
                        await Task.Delay(delayMs);
                        process.Kill(entireProcessTree: true);
                        await process.WaitForExitAsync();

                        // What it printed before it died counts too (every "ack" is an acknowledged write); a line cut short
                        // by the kill is dropped.
                        while (await process.StandardOutput.ReadLineAsync() is { } rest)
                        {
                            _lines.Add(rest);
                        }

                        return;
                    }
                }

                // It stopped by itself: a crash of its own, which the test must report.
                await process.WaitForExitAsync();
                Assert.Fail($"the child exited with {process.ExitCode} after {_lines.Count} line(s): {await stderr}");
            }
        }
    }
}
