namespace Credentials.OAuth.Tests;

/// <summary>Secret-carrying OAuth calls refuse private destinations unless allowed; transient failures keep a valid token.</summary>
[Collection(OidcCollection.Name)]
public sealed class OAuthDestinationTests(OidcServer server)
{
    [SkippableFact]
    public async Task Discovery_LoopbackIssuerWithoutOptIn_Refused()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost(allowPrivate: false);

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            host.Connections.RegisterClientAsync(OAuthHost.Org, new OAuthClientRegistration("X", "REFUSED_MCP", new Uri(server.Resource))));

        Assert.Contains("AllowPrivateNetworkDestinations", ex.Errors[0].Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Refresh_LoopbackTokenEndpointWithoutOptIn_RefusedAndNothingSent()
    {
        server.RequireOrSkip();
        var (clientId, clientSecret) = await server.RegisterClientAsync("client_credentials");
        await using var host = new OAuthHost(allowPrivate: false);
        await host.Store.CreateAsync(OAuthHost.Org, new NewCredential("CC", "REFUSED_CC", CredentialCategory.Runtime, new OAuth2(clientId, clientSecret)
        {
            GrantType = OAuth2GrantType.ClientCredentials,
            TokenEndpoint = server.TokenEndpoint,
        }));

        var ex = await Assert.ThrowsAsync<CredentialException>(() => host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "REFUSED_CC"));

        Assert.Contains("non-public", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await server.CountAsync(clientId, "client_credentials"));
    }

    [Fact]
    public async Task Refresh_TokenEndpointDownWhileTokenStillValid_ReturnsCurrentTokenAndWarns()
    {
        await using var host = new OAuthHost(oauth: o => o.MaxRetryAttempts = 1);
        var now = DateTimeOffset.UtcNow;
        var view = await host.Store.CreateAsync(OAuthHost.Org, new NewCredential("Down", "DOWN_OAUTH", CredentialCategory.Runtime, new OAuth2("client", "secret", "current-access-token", "current-refresh-token")
        {
            TokenEndpoint = "http://127.0.0.1:1/token",
        }));
        // Due (past expiry − 15 min) but still valid for 5 minutes.
        await host.Vault.WriteAsync(OAuthHost.Org.Value, view.Id.Value, s => s with { IssuedAt = now.AddMinutes(-55), ExpiresAt = now.AddMinutes(5) }, CancellationToken.None);

        var resolved = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "DOWN_OAUTH");

        Assert.Equal("current-access-token", resolved.AccessToken);
        Assert.Contains(host.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("still valid", StringComparison.Ordinal));
        Assert.Equal(ConnectionState.Connected, (await host.Connections.GetStatusAsync(OAuthHost.Org, view.Id)).State);
    }

    [Fact]
    public async Task Refresh_TokenEndpointDownAndTokenExpired_FailsWithoutReconnect()
    {
        await using var host = new OAuthHost(oauth: o => o.MaxRetryAttempts = 0);
        var view = await host.Store.CreateAsync(OAuthHost.Org, new NewCredential("Down", "DOWN_EXPIRED", CredentialCategory.Runtime, new OAuth2("client", "secret", "old-access-token", "old-refresh-token")
        {
            TokenEndpoint = "http://127.0.0.1:1/token",
        }));
        await host.ExpireAsync(view.Id);

        var ex = await Assert.ThrowsAsync<CredentialException>(() => host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "DOWN_EXPIRED"));

        Assert.IsNotType<CredentialReconnectRequiredException>(ex);
        Assert.Equal(ConnectionState.Connected, (await host.Connections.GetStatusAsync(OAuthHost.Org, view.Id)).State);
    }
}
