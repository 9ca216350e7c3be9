using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.OAuth.Tests;

/// <summary>With the opt-in resolve cache, a cached OAuth 2.0 credential whose token falls due is refreshed, not served stale.</summary>
[Collection(OidcCollection.Name)]
public sealed class OAuthCacheTests(OidcServer server)
{
    [SkippableFact]
    public async Task Resolve_CachedTokenFallsDue_RefreshedThroughTheCachePath()
    {
        server.RequireOrSkip();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new OAuthHost(b => b.UseInMemoryStorage().UseResolveCache(o => o.TimeToLive = TimeSpan.FromMinutes(5)), time: time);
        var (clientId, clientSecret) = await server.RegisterClientAsync();
        var view = await host.CreateClientAsync(server, clientId, clientSecret, "CACHED_OAUTH");
        await host.ConnectAsync(server, view.Id);
        var first = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "CACHED_OAUTH");
        Assert.Same(first, await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "CACHED_OAUTH")); // a cache hit

        // The server's tokens live 30 s: due after 15 s, while the cache entry (5 min) is still there.
        time.Advance(TimeSpan.FromSeconds(16));
        var second = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "CACHED_OAUTH");

        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(1, await server.CountAsync(clientId, "refresh_token"));
        Assert.Equal(second.AccessToken, (await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "CACHED_OAUTH")).AccessToken);
        Assert.Equal(1, await server.CountAsync(clientId, "refresh_token"));
    }
}
