namespace Credentials.OAuth.Tests;

/// <summary>The whole life of a connection against the real server: connect, resolve, expire, refresh, refresh again, revoke.</summary>
[Collection(OidcCollection.Name)]
public sealed class OAuthFlowTests(OidcServer server)
{
    [SkippableFact]
    public async Task FullFlow_ConnectResolveRefreshTwiceRevoke_EndsInNeedsReconnect()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();
        var (clientId, clientSecret) = await server.RegisterClientAsync();
        var created = await host.CreateClientAsync(server, clientId, clientSecret, "GITHUB_OAUTH");
        Assert.Equal(ConnectionState.NotConnected, (await host.Connections.GetStatusAsync(OAuthHost.Org, created.Id)).State);

        var authorization = await host.Connections.BeginAsync(OAuthHost.Org, created.Id);
        var query = System.Web.HttpUtility.ParseQueryString(authorization.AuthorizationUrl.Query);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.Equal(43, query["state"]!.Length);
        Assert.Equal(OidcServer.RedirectUri.ToString(), query["redirect_uri"]);
        var callback = await server.AuthorizeAsync(authorization.AuthorizationUrl);
        var connected = await host.Connections.CompleteAsync(callback);
        Assert.True(connected.Version > created.Version);

        var status = await host.Connections.GetStatusAsync(OAuthHost.Org, created.Id);
        Assert.Equal(ConnectionState.Connected, status.State);
        Assert.NotNull(status.ExpiresAt);
        Assert.InRange(status.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddSeconds(20), DateTimeOffset.UtcNow.AddSeconds(40));

        var first = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH");
        Assert.NotNull(first.AccessToken);
        Assert.NotNull(first.RefreshToken);
        Assert.Equal(1, await server.CountAsync(clientId, "authorization_code"));
        Assert.Equal(0, await server.CountAsync(clientId, "refresh_token"));

        // Expired: the resolve refreshes, and the rotated refresh token is stored with the new access token.
        await host.ExpireAsync(created.Id);
        var second = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH");
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.True(second.ExpiresAt > DateTimeOffset.UtcNow.AddSeconds(20));
        Assert.Equal(1, await server.CountAsync(clientId, "refresh_token"));

        // Again: only works if the rotated refresh token was saved (the old one is consumed: reusing it revokes the grant).
        await host.ExpireAsync(created.Id);
        var third = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH");
        Assert.NotEqual(second.AccessToken, third.AccessToken);
        Assert.NotEqual(second.RefreshToken, third.RefreshToken);
        Assert.Equal(2, await server.CountAsync(clientId, "refresh_token"));

        // Not due: no call.
        var again = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH");
        Assert.Equal(third.AccessToken, again.AccessToken);
        Assert.Equal(2, await server.CountAsync(clientId, "refresh_token"));

        // Revoked at the server: invalid_grant, NeedsReconnect (persisted), and the exception names the credential.
        await server.RevokeAsync(clientId, clientSecret, third.RefreshToken!);
        await host.ExpireAsync(created.Id);
        var ex = await Assert.ThrowsAsync<CredentialReconnectRequiredException>(() => host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH"));
        Assert.Equal(created.Id, ex.CredentialId);
        Assert.Equal("GITHUB_OAUTH", ex.Key);
        Assert.Equal(ConnectionState.NeedsReconnect, (await host.Connections.GetStatusAsync(OAuthHost.Org, created.Id)).State);

        // Marked: the next resolve asks for reconnect without calling the server again.
        var calls = await server.CountAsync(clientId, "refresh_token");
        await Assert.ThrowsAsync<CredentialReconnectRequiredException>(() => host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH"));
        Assert.Equal(calls, await server.CountAsync(clientId, "refresh_token"));

        // Reconnecting in place clears it.
        await host.ConnectAsync(server, created.Id);
        Assert.Equal(ConnectionState.Connected, (await host.Connections.GetStatusAsync(OAuthHost.Org, created.Id)).State);
        Assert.NotNull((await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH")).AccessToken);
    }

    [SkippableFact]
    public async Task ClientCredentials_MintsOnFirstResolve_ReusesWhileFresh_MintsAgainWhenDue()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();
        var (clientId, clientSecret) = await server.RegisterClientAsync("client_credentials");
        var created = await host.Store.CreateAsync(OAuthHost.Org, new NewCredential("CC", "CC_CLIENT", CredentialCategory.Runtime, new OAuth2(clientId, clientSecret)
        {
            GrantType = OAuth2GrantType.ClientCredentials,
            TokenEndpoint = server.TokenEndpoint,
        }));

        // client_credentials: minted on the first resolve, reused while fresh, minted again when due.
        var first = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "CC_CLIENT");
        Assert.NotNull(first.AccessToken);
        Assert.Null(first.RefreshToken);
        Assert.Equal(first.AccessToken, (await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "CC_CLIENT")).AccessToken);
        Assert.Equal(1, await server.CountAsync(clientId, "client_credentials"));

        await host.ExpireAsync(created.Id);
        var second = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "CC_CLIENT");
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(2, await server.CountAsync(clientId, "client_credentials"));
        Assert.Equal(ConnectionState.Connected, (await host.Connections.GetStatusAsync(OAuthHost.Org, created.Id)).State);
        await Assert.ThrowsAsync<CredentialValidationException>(() => host.Connections.BeginAsync(OAuthHost.Org, created.Id));
    }

    [SkippableFact]
    public async Task RegisterClient_McpResource_DiscoversRegistersAndConnectsWithResourceIndicator()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();

        var view = await host.Connections.RegisterClientAsync(OAuthHost.Org, new OAuthClientRegistration("Docs MCP", "DOCS_MCP", new Uri(server.Resource)));

        Assert.Equal(CredentialType.OAuth2, view.Type);
        Assert.Equal(CredentialCategory.McpService, view.Category);
        var form = await host.Store.GetForEditAsync(OAuthHost.Org, view.Id);
        string? Field(string name) => form.Fields.Single(f => f.Name == name).Value;
        Assert.Equal(server.Resource, Field("resource"));
        Assert.Equal(server.Issuer, Field("issuer"));
        Assert.Equal(server.TokenEndpoint, Field("token_endpoint"));
        Assert.Equal(server.AuthorizationEndpoint, Field("authorization_endpoint"));
        Assert.Equal("openid offline_access mcp:tools", Field("scopes"));
        Assert.Equal(ConnectionState.NotConnected, (await host.Connections.GetStatusAsync(OAuthHost.Org, view.Id)).State);

        var authorization = await host.Connections.BeginAsync(OAuthHost.Org, view.Id);
        Assert.Equal(server.Resource, System.Web.HttpUtility.ParseQueryString(authorization.AuthorizationUrl.Query)["resource"]);
        await host.Connections.CompleteAsync(await server.AuthorizeAsync(authorization.AuthorizationUrl));
        var connected = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "DOCS_MCP");
        Assert.NotNull(connected.AccessToken);

        await host.ExpireAsync(view.Id);
        var refreshed = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "DOCS_MCP");
        Assert.NotEqual(connected.AccessToken, refreshed.AccessToken);
        Assert.Equal("mcp:tools", (await host.Connections.GetStatusAsync(OAuthHost.Org, view.Id)).Scopes?.Split(' ').Last());
    }

    [SkippableFact]
    public async Task RegisterClient_IssuerUrl_RegistersWithoutResource()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();

        var view = await host.Connections.RegisterClientAsync(OAuthHost.Org, new OAuthClientRegistration("Plain", "PLAIN_OAUTH", new Uri(server.Issuer)) { Scopes = "openid offline_access" });

        var (_, callback) = await host.ConnectAsync(server, view.Id);
        Assert.NotNull(callback.Code);
        Assert.NotNull((await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "PLAIN_OAUTH")).AccessToken);
    }

    [SkippableFact]
    public async Task RegisterClient_IssuerWithPath_FindsRfc8414MetadataInsertedBeforeThePath()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();

        var view = await host.Connections.RegisterClientAsync(OAuthHost.Org, new OAuthClientRegistration("Tenant", "TENANT_OAUTH", new Uri(server.Issuer + "/tenant")) { Scopes = "openid offline_access" });

        var form = await host.Store.GetForEditAsync(OAuthHost.Org, view.Id);
        Assert.Equal(server.Issuer + "/tenant", form.Fields.Single(f => f.Name == "issuer").Value);
        Assert.Equal(server.TokenEndpoint, form.Fields.Single(f => f.Name == "token_endpoint").Value);
        await host.ConnectAsync(server, view.Id);
        Assert.NotNull((await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "TENANT_OAUTH")).AccessToken);
    }

    [Theory]
    [InlineData("https://as.example.com", "https://as.example.com|.well-known/oauth-authorization-server", "https://as.example.com|.well-known/openid-configuration")]
    [InlineData("https://as.example.com/tenant/a", "https://as.example.com|.well-known/oauth-authorization-server/tenant/a", "https://as.example.com/tenant/a|.well-known/openid-configuration")]
    public void DiscoveryCandidates_Rfc8414InsertsOpenIdAppends(string issuer, string first, string second)
    {
        var candidates = OAuthProtocol.DiscoveryCandidates(issuer).Select(c => c.Address + "|" + c.Path).ToArray();

        Assert.Equal(first, candidates[0]);
        Assert.Equal(second, candidates[1]);
    }

    [SkippableFact]
    public async Task RegisterClient_ResourceAnswers401WithResourceMetadata_FollowsTheChallenge()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();
        var resource = server.Issuer + "/mcp2";

        var view = await host.Connections.RegisterClientAsync(OAuthHost.Org, new OAuthClientRegistration("MCP two", "MCP_TWO", new Uri(resource)));

        var form = await host.Store.GetForEditAsync(OAuthHost.Org, view.Id);
        Assert.Equal(resource, form.Fields.Single(f => f.Name == "resource").Value);
        Assert.Equal(server.Issuer, form.Fields.Single(f => f.Name == "issuer").Value);
        await host.ConnectAsync(server, view.Id);
        Assert.NotNull((await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "MCP_TWO")).AccessToken);
    }
}
