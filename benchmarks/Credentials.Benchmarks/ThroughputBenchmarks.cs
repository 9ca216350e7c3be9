using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Credentials;
using Credentials.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Benchmarks;

/// <summary>
/// Resolves per second with 1, 2 and 8 concurrent callers (tasks on the thread pool), 10,000 credentials on SQLite:
/// <c>hot</c> cycles 1,000 keys (the sealed-record cache on, as by default), <c>cold</c> cycles every key with the cache
/// off (each resolve reads SQLite). Each invocation makes 4,000 resolves split between the callers, so Mean is the time
/// per resolve and resolves/second = 1 / Mean; the scaling is Mean(1 caller) / Mean(n callers) in the same run.
/// </summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    private const int Stored = 10_000;
    private const int HotKeys = 1_000;
    private const int Resolves = 4_000;
    private static readonly OrganizationId Org = new("bench");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-throughput-bench-").FullName;
    private ServiceProvider _provider = null!;
    private ICredentialResolver _resolver = null!;
    private string[] _keys = [];
    private CredentialSealer _sealer = null!;
    private ResolvableCredentialRecord? _record;

    [Params(1, 2, 8)]
    public int Callers { get; set; }

    // "open": the CPU-only part of a hot resolve (unwrap + AES-GCM + JSON of one stored record, no storage, no cache),
    // the machine's own ceiling for how far resolves can scale with callers.
    [Params("hot", "cold", "open")]
    public string Keys { get; set; } = "hot";

    [GlobalSetup]
    public void Setup()
    {
        var file = Path.Combine(_directory, "vault.db");
        var services = new ServiceCollection().AddCredentials().UseSqlite("Data Source=" + file).UseMasterKey(RandomNumberGenerator.GetBytes(32)).Services;
        if (Keys == "cold")
        {
            services.Configure<SealedRecordCacheOptions>(o => o.Enabled = false);
        }

        _provider = services.BuildServiceProvider();
        _resolver = _provider.GetRequiredService<ICredentialResolver>();
        _resolver.TryResolveAsync(Org, "WARM_UP").GetAwaiter().GetResult();
        BenchmarkData.FillVault(file, _provider.GetRequiredService<CredentialSealer>(), Stored, [Org.Value]);
        _sealer = _provider.GetRequiredService<CredentialSealer>();
        if (Keys == "open")
        {
            _record = _provider.GetRequiredService<ICredentialStorage>().FindResolvableByKeyAsync(Org.Value, BenchmarkData.Key(1)).GetAwaiter().GetResult();
        }

        _keys = Enumerable.Range(0, Keys == "hot" ? HotKeys : Stored).Select(BenchmarkData.Key).ToArray();
        Random.Shared.Shuffle(_keys);
        foreach (var key in _keys)
        {
            _resolver.ResolveAsync<ApiToken>(Org, key).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Resolves, Description = "resolve, n concurrent callers")]
    public async Task Resolve()
    {
        var callers = new Task[Callers];
        for (var c = 0; c < callers.Length; c++)
        {
            var caller = c;
            callers[c] = Task.Run(async () =>
            {
                var per = Resolves / Callers;
                if (_record is { } record)
                {
                    for (var i = 0; i < per; i++)
                    {
                        _sealer.Open(Org.Value, null, BenchmarkData.Key(1), record);
                    }

                    return;
                }

                for (var i = 0; i < per; i++)
                {
                    await _resolver.ResolveAsync<ApiToken>(Org, _keys[((caller * per) + i) % _keys.Length]);
                }
            });
        }

        await Task.WhenAll(callers);
    }
}
