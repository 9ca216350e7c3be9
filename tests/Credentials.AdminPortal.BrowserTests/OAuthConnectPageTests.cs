using System.Net.Http.Json;
using System.Text.Json;
using Credentials.OAuth.Tests;

namespace Credentials.AdminPortal.BrowserTests;

/// <summary>
/// The Connect button of an OAuth 2.0 card, end to end in headless Chromium: the page begins the connection, the browser
/// goes to the real authorization server (the OAuth tests' oidc-provider, started interactive: its login and consent are
/// HTML forms that the test fills in and submits like a person), comes back through the sample's callback, and the card says
/// how it went. Fail under CI=true when Chromium or node/oidc-provider is missing, skip otherwise.
/// </summary>
public sealed class OAuthConnectPageTests
{
    [SkippableFact]
    public async Task Connect_SignInAndAllowAtTheProvider_CardShowsConnected_AndTheTokenIsStored()
    {
        using var server = new OidcServer(interactive: true);
        server.RequireOrSkip();
        using var session = PortalSession.Start(oauth: true);
        var id = await CreateOAuthCardAsync(session, server, "GitHub (OAuth)", "GITHUB_OAUTH");
        var browser = session.Browser;
        browser.Open();
        var bar = $"[data-connection='{id}']";
        Assert.Equal("Not connected", browser.Find(bar + " .connection-state").Text);
        Assert.Equal("Connect", browser.Find(bar + " .connect").Text);
        Assert.Equal("Connect GitHub (OAuth)", browser.Find(bar + " .connect").GetDomAttribute("aria-label"));

        browser.Click(bar + " .connect");

        // The provider's own pages: sign in, then allow what the client asks for.
        browser.WaitUntil(() => browser.Driver.Url.StartsWith(server.Issuer + "/interaction/", StringComparison.Ordinal), "the provider's sign-in page");
        browser.Type("#login", "alice-at-the-provider");
        browser.Click("#sign-in");
        Assert.Contains("openid", browser.Find("#scopes").Text, StringComparison.Ordinal);
        browser.Click("#allow");

        // Back on the page, through the callback: the result, and the card's new state.
        WaitForThePage(session);
        browser.WaitUntil(() => browser.Find(bar + " .connection-state").Text.StartsWith("Connected until ", StringComparison.Ordinal), "the card to show Connected");
        Assert.Equal("Reconnect", browser.Find(bar + " .connect").Text);
        Assert.Equal("Connected GitHub (OAuth).", browser.Find("#status").Text);
        Assert.Equal(session.Portal.BaseAddress.ToString(), browser.Driver.Url);

        // The README's picture of it (ADMINPORTAL_SCREENSHOTS, as ScreenshotTests).
        var folder = Environment.GetEnvironmentVariable("ADMINPORTAL_SCREENSHOTS") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "screenshots");
        browser.Screenshot(Path.Combine(folder, "admin-portal-oauth.png"));
        var token = await session.ResolveAsync<OAuth2>("GITHUB_OAUTH");
        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        Assert.False(string.IsNullOrEmpty(token.RefreshToken));
        Assert.DoesNotContain(token.AccessToken!, browser.Driver.PageSource, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Connect_DenyAtTheProvider_PageSaysSo_AndTheCardStaysNotConnected()
    {
        using var server = new OidcServer(interactive: true);
        server.RequireOrSkip();
        using var session = PortalSession.Start(oauth: true);
        var id = await CreateOAuthCardAsync(session, server, "Slack (OAuth)", "SLACK_OAUTH");
        var browser = session.Browser;
        browser.Open();
        var bar = $"[data-connection='{id}']";

        browser.Click(bar + " .connect");
        browser.WaitUntil(() => browser.Driver.Url.StartsWith(server.Issuer + "/interaction/", StringComparison.Ordinal), "the provider's sign-in page");
        browser.Type("#login", "bob-at-the-provider");
        browser.Click("#sign-in");
        browser.Click("#deny");

        WaitForThePage(session);
        Assert.Equal("Not connected: the authorization was denied at the provider.", browser.Find("#status").Text);
        Assert.Equal("Not connected", browser.Find(bar + " .connection-state").Text);
        Assert.Equal("Connect", browser.Find(bar + " .connect").Text);
        Assert.Equal(session.Portal.BaseAddress.ToString(), browser.Driver.Url);
        Assert.Null((await session.ResolveAsync<OAuth2>("SLACK_OAUTH")).AccessToken);
    }

    /// <summary>A client of the server whose redirect URI is the sample's callback, stored as an OAuth 2.0 card through the API.</summary>
    private static async Task<string> CreateOAuthCardAsync(PortalSession session, OidcServer server, string name, string key)
    {
        var callback = new Uri(session.Portal.BaseAddress, PortalSession.Api + "oauth/callback");
        var (clientId, clientSecret) = await server.RegisterClientAsync("client_secret_basic", ["authorization_code", "refresh_token"], callback);
        var response = await session.Http.PostAsJsonAsync(PortalSession.Api, new
        {
            name,
            key,
            category = "mcp_service",
            type = "oauth2",
            fields = new Dictionary<string, string>
            {
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
                ["issuer"] = server.Issuer,
                ["authorization_endpoint"] = server.AuthorizationEndpoint,
                ["token_endpoint"] = server.TokenEndpoint,
                ["scopes"] = "openid offline_access",
            },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static void WaitForThePage(PortalSession session)
    {
        var browser = session.Browser;
        browser.WaitUntil(
            () => browser.Driver.Url.StartsWith(session.Portal.BaseAddress.ToString(), StringComparison.Ordinal)
                && (string?)browser.Driver.ExecuteScript("return document.body && document.body.dataset.ready") == "true",
            "the page after the provider");
    }
}
