using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Credentials;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Benchmarks;

/// <summary>
/// Resolve of a connected, unexpired OAuth 2.0 credential with AddOAuth (the refresh hook live: one type test and one time
/// comparison) against an API token in the same store (baseline), and against the same OAuth 2.0 credentials in a vault
/// without AddOAuth (no hook): the difference between the last two is what the hook costs; the difference to the API token is
/// the larger payload (client, endpoints, two tokens) that AES-GCM and the JSON reader go through.
/// </summary>
[MemoryDiagnoser]
public class OAuthResolveBenchmarks
{
    private const int Count = 1_000;
    private static readonly OrganizationId Org = new("bench");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-oauth-bench-").FullName;
    private ServiceProvider _withOAuth = null!;
    private ServiceProvider _withoutOAuth = null!;
    private ICredentialResolver _resolver = null!;
    private ICredentialResolver _plainResolver = null!;
    private string[] _tokenKeys = [];
    private string[] _oauthKeys = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        var database = $"Data Source={Path.Combine(_directory, "vault.db")}";
        _withOAuth = new ServiceCollection().AddCredentials().UseSqlite(database).UseMasterKey(kek)
            .AddOAuth(o => o.RedirectUri = new Uri("https://app.example.com/credentials/oauth/callback")).Services.BuildServiceProvider();
        _withoutOAuth = new ServiceCollection().AddCredentials().UseSqlite(database).UseMasterKey(kek).Services.BuildServiceProvider();
        _resolver = _withOAuth.GetRequiredService<ICredentialResolver>();
        _plainResolver = _withoutOAuth.GetRequiredService<ICredentialResolver>();

        var store = _withOAuth.GetRequiredService<ICredentialStore>();
        var now = DateTimeOffset.UtcNow;
        _tokenKeys = Enumerable.Range(0, Count).Select(i => $"TOKEN_{i:D5}").ToArray();
        _oauthKeys = Enumerable.Range(0, Count).Select(i => $"OAUTH_{i:D5}").ToArray();
        for (var i = 0; i < Count; i++)
        {
            store.CreateAsync(Org, new NewCredential("Token", _tokenKeys[i], CredentialCategory.McpService, new ApiToken(BenchmarkData.Token(i)))).GetAwaiter().GetResult();
            var oauth = new OAuth2($"client-{i:D5}.apps.example.com", "client-secret-" + BenchmarkData.Token(i), "access-" + BenchmarkData.Token(i), "refresh-" + BenchmarkData.Token(i))
            {
                Issuer = "https://auth.example.com",
                AuthorizationEndpoint = "https://auth.example.com/oauth/authorize",
                TokenEndpoint = "https://auth.example.com/oauth/token",
                Scopes = "openid offline_access read write",
                ExpiresAt = now.AddDays(30),
                IssuedAt = now,
            };
            store.CreateAsync(Org, new NewCredential("OAuth", _oauthKeys[i], CredentialCategory.McpService, oauth)).GetAwaiter().GetResult();
        }

        var order = Enumerable.Range(0, Count).ToArray();
        Random.Shared.Shuffle(order);
        _tokenKeys = order.Select(i => _tokenKeys[i]).ToArray();
        _oauthKeys = order.Select(i => _oauthKeys[i]).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _withOAuth.Dispose();
        _withoutOAuth.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "API token (AddOAuth)")]
    public async Task<string> ApiToken() => (await _resolver.ResolveAsync<ApiToken>(Org, _tokenKeys[_next++ % Count])).Token;

    [Benchmark(Description = "OAuth2 connected, unexpired (AddOAuth: hook live)")]
    public async Task<string?> OAuth() => (await _resolver.ResolveAsync<OAuth2>(Org, _oauthKeys[_next++ % Count])).AccessToken;

    [Benchmark(Description = "OAuth2 connected, unexpired (no AddOAuth: no hook)")]
    public async Task<string?> OAuthWithoutHook() => (await _plainResolver.ResolveAsync<OAuth2>(Org, _oauthKeys[_next++ % Count])).AccessToken;
}
