using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Credentials;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Benchmarks;

/// <summary>
/// A personal credential's resolve beside the organization's (issue 15): 10,000 shared credentials and 10,000 personal
/// ones of one user under the same keys, every key in random order, the sealed-record cache off so each resolve reads
/// the store (the path whose cost the owner could change). The owner is part of the primary key, so a user's resolve is
/// the same one point read; <c>UserThenOrganization</c> for a user without a personal credential is two reads by design.
/// </summary>
[MemoryDiagnoser]
public class PerUserResolveBenchmarks
{
    private const int Stored = 10_000;
    private static readonly OrganizationId Org = new("bench");
    private static readonly CredentialContext OrgContext = new(Org);
    private static readonly CredentialContext Alice = new(Org, "alice");
    private static readonly CredentialContext Bob = new(Org, "bob");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-peruser-bench-").FullName;
    private ServiceProvider _provider = null!;
    private ICredentialResolver _resolver = null!;
    private string[] _keys = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var file = Path.Combine(_directory, "vault.db");
        _provider = new ServiceCollection().AddCredentials().UseSqlite("Data Source=" + file).UseMasterKey(RandomNumberGenerator.GetBytes(32)).Services
            .Configure<SealedRecordCacheOptions>(o => o.Enabled = false)
            .BuildServiceProvider();
        _resolver = _provider.GetRequiredService<ICredentialResolver>();
        _resolver.TryResolveAsync(Org, "WARM_UP").GetAwaiter().GetResult();
        var sealer = _provider.GetRequiredService<CredentialSealer>();
        BenchmarkData.FillVault(file, sealer, Stored, [Org.Value]);
        BenchmarkData.FillVault(file, sealer, Stored, [Org.Value], owner: "alice");
        _keys = Enumerable.Range(0, Stored).Select(BenchmarkData.Key).ToArray();
        Random.Shared.Shuffle(_keys);
        foreach (var key in _keys)
        {
            _resolver.ResolveAsync<ApiToken>(Org, key).GetAwaiter().GetResult();
            _resolver.ResolveAsync<ApiToken>(Alice, key, ResolveScope.User).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string NextKey() => _keys[_next++ % _keys.Length];

    [Benchmark(Baseline = true, Description = "organization: ResolveAsync(org, key)")]
    public async Task<string> Organization() => (await _resolver.ResolveAsync<ApiToken>(Org, NextKey())).Token;

    [Benchmark(Description = "organization through a context: ResolveScope.Organization")]
    public async Task<string> OrganizationContext() => (await _resolver.ResolveAsync<ApiToken>(OrgContext, NextKey(), ResolveScope.Organization)).Token;

    [Benchmark(Description = "personal: ResolveScope.User")]
    public async Task<string> Personal() => (await _resolver.ResolveAsync<ApiToken>(Alice, NextKey(), ResolveScope.User)).Token;

    [Benchmark(Description = "personal found: ResolveScope.UserThenOrganization")]
    public async Task<string> PersonalThenOrganization() => (await _resolver.ResolveAsync<ApiToken>(Alice, NextKey(), ResolveScope.UserThenOrganization)).Token;

    [Benchmark(Description = "no personal, falls to shared: ResolveScope.UserThenOrganization")]
    public async Task<string> FallsToOrganization() => (await _resolver.ResolveAsync<ApiToken>(Bob, NextKey(), ResolveScope.UserThenOrganization)).Token;
}
