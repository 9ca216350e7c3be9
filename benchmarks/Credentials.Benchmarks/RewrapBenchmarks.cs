using BenchmarkDotNet.Attributes;
using Credentials;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Benchmarks;

/// <summary>
/// Rewrap throughput on SQLite: 100,000 credentials sealed under an old key, after a rotation, moved under the new
/// primary in batches. Each iteration starts from a copy of the same database; the measured operation is one complete
/// <see cref="ICredentialKeyManager.RewrapAsync"/>. Credentials/second = Credentials / Mean. Flat memory: after each
/// batch the managed heap is sampled, and each iteration prints its peak (<c>// peak managed heap</c> in the log);
/// the peak at 20,000 and at 100,000 credentials should be the same.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class RewrapBenchmarks
{
    private static readonly OrganizationId[] Orgs = [new("acme"), new("globex"), new("initech")];
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-rewrap-bench-").FullName;
    private ServiceProvider? _provider;
    private ICredentialKeyManager _keys = null!;
    private HeapSampler _heap = new();

    [Params(20_000, 100_000)]
    public int Credentials { get; set; }

    private string Template => Path.Combine(_directory, "template.db");

    private string Work => Path.Combine(_directory, "work.db");

    private string KeyFile => Path.Combine(_directory, "credentials.key");

    [GlobalSetup]
    public void Setup()
    {
        using (var provider = Build(Template))
        {
            var keys = provider.GetRequiredService<ICredentialKeyManager>();
            keys.ListKeysAsync().GetAwaiter().GetResult();
            Fill(Template, provider.GetRequiredService<CredentialSealer>(), Credentials);
            keys.RotateAsync().GetAwaiter().GetResult();
        }

        using var connection = new SqliteConnection("Data Source=" + Template);
        connection.Open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        checkpoint.ExecuteNonQuery();
        connection.Close();
        SqliteConnection.ClearAllPools();
    }

    [IterationSetup]
    public void ResetDatabase()
    {
        _provider?.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(Work + suffix);
        }

        File.Copy(Template, Work);
        _provider = Build(Work);
        _keys = _provider.GetRequiredService<ICredentialKeyManager>();
        _keys.ListKeysAsync().GetAwaiter().GetResult();
        _heap = new HeapSampler();
    }

    [IterationCleanup]
    public void ReportHeap() =>
        Console.WriteLine($"// peak managed heap during rewrap of {Credentials:N0}: {_heap.Peak / (1024.0 * 1024.0):F1} MiB");

    [Benchmark(Description = "rewrap (SQLite, batches of 1,000)")]
    public async Task<long> Rewrap()
    {
        var result = await _keys.RewrapAsync(_heap);
        return result.Remaining == 0 && result.Rewrapped == Credentials
            ? result.Rewrapped
            : throw new InvalidOperationException($"Rewrapped {result.Rewrapped}, {result.Remaining} remaining.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private ServiceProvider Build(string database)
    {
        var services = new ServiceCollection();
        services.AddCredentials().UseSqlite("Data Source=" + database).UseKeyFile(KeyFile);
        return services.BuildServiceProvider();
    }

    private static void Fill(string database, CredentialSealer sealer, int count) =>
        BenchmarkData.FillVault(database, sealer, count, Orgs.Select(o => o.Value).ToArray());

    /// <summary>Samples the managed heap once per batch, synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class HeapSampler : IProgress<RewrapProgress>
    {
        public long Peak { get; private set; }

        public void Report(RewrapProgress value) => Peak = Math.Max(Peak, GC.GetTotalMemory(forceFullCollection: false));
    }
}
