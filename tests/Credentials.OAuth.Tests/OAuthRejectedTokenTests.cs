using Microsoft.Extensions.DependencyInjection;

namespace Credentials.OAuth.Tests;

/// <summary>
/// A server refused an unexpired access token (HTTP 401): the OAuth package's <see cref="ICredentialTokenRefresher"/>
/// renews it once for every caller that saw the refusal, and not at all when a newer token is already stored.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class OAuthRejectedTokenTests(OidcServer server)
{
    [SkippableFact]
    public async Task RejectedToken_ManyCallersAtOnce_OneRefreshAndThenNone()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();
        var (clientId, clientSecret) = await server.RegisterClientAsync();
        var created = await host.CreateClientAsync(server, clientId, clientSecret, "GITHUB_OAUTH");
        await host.ConnectAsync(server, created.Id);
        var refused = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH");
        var refresher = host.Get<ICredentialTokenRefresher>();

        // Not due by the clock, but refused: ten requests that all got 401 ask at once.
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            refresher.TryRefreshAsync(OAuthHost.Org, "GITHUB_OAUTH", ResolveScope.Organization, refused)));

        Assert.All(results, Assert.True);
        Assert.Equal(1, await server.CountAsync(clientId, "refresh_token"));
        var renewed = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH");
        Assert.NotEqual(refused.AccessToken, renewed.AccessToken);

        // A late caller with the old token: the stored one is newer already, so it retries without another refresh.
        Assert.True(await refresher.TryRefreshAsync(OAuthHost.Org, "GITHUB_OAUTH", ResolveScope.Organization, refused));
        Assert.Equal(1, await server.CountAsync(clientId, "refresh_token"));

        // Nothing to renew: another type, another key, or a personal scope the context has no user for.
        Assert.False(await refresher.TryRefreshAsync(OAuthHost.Org, "GITHUB_OAUTH", ResolveScope.Organization, new ApiToken("tok-0123456789")));
        Assert.False(await refresher.TryRefreshAsync(OAuthHost.Org, "NO_SUCH_KEY", ResolveScope.Organization, refused));
        Assert.False(await refresher.TryRefreshAsync(OAuthHost.Org, "GITHUB_OAUTH", ResolveScope.User, refused));
    }

    [Fact]
    public void AddOAuth_RegistersTheRefresherForTheHttpClientHandler()
    {
        var services = new ServiceCollection();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))
            .AddOAuth(o => o.RedirectUri = new Uri("https://app.example.com/callback"));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<OAuthRejectedTokenRefresher>(provider.GetRequiredService<ICredentialTokenRefresher>());
    }
}
