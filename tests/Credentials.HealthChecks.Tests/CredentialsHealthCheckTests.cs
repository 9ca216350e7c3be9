using System.Security.Cryptography;
using Credentials.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.HealthChecks.Tests;

/// <summary>Healthy, Degraded and Unhealthy, each from a real condition of the store and its keys.</summary>
public sealed class CredentialsHealthCheckTests : IDisposable
{
    private static readonly OrganizationId Acme = new("acme");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-health-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void AddCredentialsHealthChecks_RegistersOneCheckTaggedCredentials()
    {
        using var provider = Open(_key);
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value;

        var registration = Assert.Single(options.Registrations);
        Assert.Equal("credentials", registration.Name);
        Assert.Contains("credentials", registration.Tags);
    }

    [Fact]
    public async Task Healthy_WhenTheStoreIsReachableAndEveryKeyOpens()
    {
        using var provider = Open(_key);
        await provider.GetRequiredService<ICredentialStore>().CreateAsync(Acme, Token("OPENAI_API_KEY") with { ExpiresAt = _time.GetUtcNow().AddDays(90) });

        var report = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(1L, report.Entries["credentials"].Data["credentials"]);
    }

    [Fact]
    public async Task Degraded_WhenACredentialHasExpired()
    {
        using var provider = Open(_key);
        await provider.GetRequiredService<ICredentialStore>().CreateAsync(Acme, Token("OPENAI_API_KEY") with { ExpiresAt = _time.GetUtcNow().AddDays(1) });
        _time.Advance(TimeSpan.FromDays(2));

        var report = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains("expired", report.Entries["credentials"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Degraded_WhenAnOAuthCredentialNeedsReconnecting()
    {
        using var provider = Open(_key);
        var view = await provider.GetRequiredService<ICredentialStore>().CreateAsync(Acme,
            new NewCredential("GitHub", "GITHUB_OAUTH", CredentialCategory.McpService, new OAuth2("client-id", "client-secret")));
        await provider.GetRequiredService<ICredentialStorage>()
            .SetOAuthConnectionAsync(new OAuthConnectionRecord(Acme.Value, view.Id.Value, "needs_reconnect", view.Version, _time.GetUtcNow()));

        var report = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal(1, report.Entries["credentials"].Data["needs_reconnect"]);
    }

    [Fact]
    public async Task Unhealthy_WhenStoredCredentialsAreUnderAKeyTheProviderDoesNotHave()
    {
        using (var first = Open(_key))
        {
            await first.GetRequiredService<ICredentialStore>().CreateAsync(Acme, Token("OPENAI_API_KEY"));
        }

        using var wrongKey = Open(RandomNumberGenerator.GetBytes(32));
        var report = await CheckAsync(wrongKey);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.IsType<CredentialIntegrityException>(report.Entries["credentials"].Exception);
    }

    [Fact]
    public async Task Unhealthy_WhenThePrimaryKeyIsRetired()
    {
        using var provider = Open(_key);
        await provider.GetRequiredService<ICredentialStore>().CreateAsync(Acme, Token("OPENAI_API_KEY"));
        var primary = (await provider.GetRequiredService<ICredentialKeyManager>().ListKeysAsync()).Single().Id;
        // Another instance rotated elsewhere, moved everything off this key and retired it: this one's primary is retired.
        var storage = provider.GetRequiredService<ICredentialStorage>();
        foreach (var view in await provider.GetRequiredService<ICredentialStore>().ListAllAsync(Acme).ToListAsync())
        {
            await provider.GetRequiredService<ICredentialStore>().DeleteAsync(Acme, view.Id);
            await provider.GetRequiredService<IDeletedCredentials>().PurgeAsync(Acme, view.Id);
        }

        Assert.Equal(0, await storage.RetireKeyAsync(primary, _time.GetUtcNow()));

        var report = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains("retired", report.Entries["credentials"].Description, StringComparison.Ordinal);
        Assert.Contains(primary, report.Entries["credentials"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_WhenTheStoreCannotBeRead()
    {
        var folderInsteadOfAFile = Path.Combine(_directory, "store.db");
        Directory.CreateDirectory(folderInsteadOfAFile);
        using var provider = Open(_key, "Data Source=" + folderInsteadOfAFile);

        var report = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.IsType<CredentialStorageException>(report.Entries["credentials"].Exception);
        Assert.DoesNotContain(_directory, report.Entries["credentials"].Description, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static NewCredential Token(string key) => new("OpenAI", key, CredentialCategory.LlmProvider, new ApiToken("sk-health-0123456789abcdef"));

    private static Task<HealthReport> CheckAsync(IServiceProvider provider) =>
        provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("credentials"));

    private ServiceProvider Open(byte[] key, string? connectionString = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddCredentials().UseSqlite(connectionString ?? "Data Source=" + Path.Combine(_directory, "store.db")).UseMasterKey(key);
        services.AddHealthChecks().AddCredentialsHealthChecks();
        return services.BuildServiceProvider();
    }
}
