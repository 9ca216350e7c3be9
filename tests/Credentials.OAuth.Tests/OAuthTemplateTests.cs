using Microsoft.Extensions.DependencyInjection;

namespace Credentials.OAuth.Tests;

/// <summary>OAuth templates carry their endpoints and scopes: a user pastes client id and secret and connects.</summary>
[Collection(OidcCollection.Name)]
public sealed class OAuthTemplateTests(OidcServer server)
{
    [Theory]
    [InlineData("google-workspace", "https://accounts.google.com/o/oauth2/v2/auth", "access_type=offline")]
    [InlineData("github-oauth", "https://github.com/login/oauth/authorize", "scope=repo")]
    [InlineData("slack-oauth", "https://slack.com/oauth/v2/authorize", "scope=channels")]
    [InlineData("notion-oauth", "https://api.notion.com/v1/oauth/authorize", "owner=user")]
    [InlineData("microsoft-graph", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize", "offline_access")]
    [InlineData("linear-oauth", "https://linear.app/oauth/authorize", "scope=read")]
    [InlineData("atlassian-oauth", "https://auth.atlassian.com/authorize", "audience=api.atlassian.com")]
    public async Task Template_ClientIdAndSecretOnly_BeginsAtTheProvidersAuthorizationEndpoint(string templateId, string authorizationEndpoint, string expectedInQuery)
    {
        await using var host = new OAuthHost(b => b.UseInMemoryStorage().AddCommonTemplates());

        var view = await host.Store.CreateFromTemplateAsync(OAuthHost.Org, templateId, new OAuth2("my-client-id", "my-client-secret"));
        var authorization = await host.Connections.BeginAsync(OAuthHost.Org, view.Id);

        var url = authorization.AuthorizationUrl.ToString();
        Assert.StartsWith(authorizationEndpoint + "?", url, StringComparison.Ordinal);
        Assert.Contains(expectedInQuery, Uri.UnescapeDataString(url), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(authorization.AuthorizationUrl.Query);
        Assert.Equal("my-client-id", query["client_id"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(ConnectionState.NotConnected, (await host.Connections.GetStatusAsync(OAuthHost.Org, view.Id)).State);
    }

    [SkippableFact]
    public async Task TokenEndpoint_RefusesBasicAuthentication_FallsBackToPostBodyAndRemembers()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();
        var (clientId, clientSecret) = await server.RegisterClientAsync("client_secret_post", []);
        var view = await host.CreateClientAsync(server, clientId, clientSecret, "POST_BODY_CLIENT");

        await host.ConnectAsync(server, view.Id);
        await host.ExpireAsync(view.Id);
        var refreshed = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "POST_BODY_CLIENT");

        Assert.NotNull(refreshed.AccessToken);
        Assert.Equal(1, await server.CountAsync(clientId, "authorization_code"));
        Assert.Equal(1, await server.CountAsync(clientId, "refresh_token"));
    }
}
