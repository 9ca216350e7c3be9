using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Credentials;
using Credentials.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Benchmarks;

/// <summary>
/// Where a resolve spends its time: the storage read alone, the open (unwrap + AES-GCM + JSON) alone, and both through
/// the resolver. A profiling aid for <see cref="ResolveBenchmarks"/>; it has no baseline of its own.
/// </summary>
[MemoryDiagnoser]
public class ResolvePartsBenchmarks
{
    private const int Stored = 10_000;
    private static readonly OrganizationId Org = new("bench");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-parts-bench-").FullName;
    private ServiceProvider _provider = null!;
    private ICredentialStorage _storage = null!;
    private CredentialSealer _sealer = null!;
    private ICredentialResolver _resolver = null!;
    private ResolvableCredentialRecord _record = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var file = Path.Combine(_directory, "vault.db");
        _provider = new ServiceCollection().AddCredentials().UseSqlite("Data Source=" + file).UseMasterKey(RandomNumberGenerator.GetBytes(32))
            .Services.BuildServiceProvider();
        _resolver = _provider.GetRequiredService<ICredentialResolver>();
        _resolver.TryResolveAsync(Org, "WARM_UP").GetAwaiter().GetResult();
        _storage = _provider.GetRequiredService<ICredentialStorage>();
        _sealer = _provider.GetRequiredService<CredentialSealer>();
        BenchmarkData.FillVault(file, _sealer, Stored, [Org.Value]);
        _record = _storage.FindResolvableByKeyAsync(Org.Value, BenchmarkData.Key(1)).GetAwaiter().GetResult()!;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "storage read")]
    public async Task<int> Read() => (await _storage.FindResolvableByKeyAsync(Org.Value, BenchmarkData.Key(_next++ % Stored)))!.SealedSecret.Length;

    [Benchmark(Description = "open (unwrap + AES-GCM + JSON)")]
    public CredentialSecret Open() => _sealer.Open(Org.Value, BenchmarkData.Key(1), _record);

    [Benchmark(Description = "resolver")]
    public async Task<CredentialSecret> Resolve() => await _resolver.ResolveAsync<ApiToken>(Org, BenchmarkData.Key(_next++ % Stored));
}
