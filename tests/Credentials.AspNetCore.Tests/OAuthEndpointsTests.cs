using System.Net;
using System.Text.Json;
using Credentials.OAuth.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.AspNetCore.Tests;

/// <summary>
/// The OAuth 2.0 routes against the real authorization server (npm oidc-provider on 127.0.0.1, the OAuth tests' fixture):
/// connect, the provider's login and consent, the callback as a browser reaches it (no header at all), the connection state,
/// resolving the token, refusals, reconnect-required and MCP registration. Fail under CI=true when node or oidc-provider is
/// missing (bash .ci/install-oauth-test-deps.sh), skip otherwise.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class OAuthEndpointsTests(OidcServer server)
{
    private static readonly OrganizationId Acme = new("acme");

    [SkippableFact]
    public async Task Connect_ProviderLoginAndConsent_Callback_ConnectedAndResolvesAToken()
    {
        server.RequireOrSkip();
        await using var host = await ApiHost.StartAsync(oauth: _ => { });
        var client = host.Client();
        var (id, _, _) = await CreateClientAsync(client, "GITHUB_OAUTH");
        var before = await (await client.GetAsync($"{id}/connection")).OkAsync();
        Assert.Equal("not_connected", before.GetProperty("state").GetString());
        var version = (await (await client.GetAsync(id)).OkAsync()).Version();

        var begun = await client.PostAsync($"{id}/connect", null);
        var authorization = await begun.OkAsync();
        Assert.Equal("no-store", begun.Headers.CacheControl?.ToString());
        var url = new Uri(authorization.GetProperty("authorizationUrl").GetString()!);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.StartsWith(server.AuthorizationEndpoint, url.GetLeftPart(UriPartial.Path), StringComparison.Ordinal);
        Assert.Equal(ApiHost.CallbackUri.ToString(), query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.InRange(authorization.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(11));

        // The browser: through the provider's interaction endpoints to the redirect, then to the callback with no header.
        var redirect = await server.FollowToRedirectAsync(url, ApiHost.CallbackUri);
        var returned = await CallbackAsync(host, redirect);

        Assert.Equal("/?connected=" + id, returned.Location);
        Assert.Equal(HttpStatusCode.Redirect, returned.Status);
        Assert.Equal("no-referrer", returned.ReferrerPolicy);
        var status = await (await client.GetAsync($"{id}/connection")).OkAsync();
        Assert.Equal("connected", status.GetProperty("state").GetString());
        Assert.InRange(status.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddSeconds(15), DateTimeOffset.UtcNow.AddSeconds(45));
        Assert.Equal("openid offline_access", status.GetProperty("scopes").GetString());
        Assert.True((await (await client.GetAsync(id)).OkAsync()).Version() > version);

        var token = await host.Get<ICredentialResolver>().ResolveAsync<OAuth2>(Acme, "GITHUB_OAUTH");
        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        Assert.False(string.IsNullOrEmpty(token.RefreshToken));
        host.AssertNoResponseContains([token.AccessToken!, token.RefreshToken!, Code(redirect)]);
    }

    [SkippableFact]
    public async Task Callback_AccessDenied_RedirectsWithConnectError_StoresNothing_AndUsesUpTheState()
    {
        server.RequireOrSkip();
        await using var host = await ApiHost.StartAsync(oauth: _ => { });
        var client = host.Client();
        var (id, _, _) = await CreateClientAsync(client, "DENIED_OAUTH");
        var version = (await (await client.GetAsync(id)).OkAsync()).Version();
        var state = StateOf(await (await client.PostAsync($"{id}/connect", null)).OkAsync());

        // What the provider sends when the user clicks "Deny".
        var denied = await CallbackAsync(host, $"?state={Uri.EscapeDataString(state)}&error=access_denied&error_description=The%20user%20said%20no");

        Assert.Equal("/?connectError=access_denied", denied.Location);
        Assert.Equal("not_connected", (await (await client.GetAsync($"{id}/connection")).OkAsync()).GetProperty("state").GetString());
        Assert.Equal(version, (await (await client.GetAsync(id)).OkAsync()).Version());
        var form = await (await client.GetAsync($"{id}/edit")).OkAsync();
        Assert.All(
            form.GetProperty("fields").EnumerateArray().Where(f => f.GetProperty("name").GetString() is "access_token" or "refresh_token"),
            f => Assert.False(f.GetProperty("hasStoredValue").GetBoolean()));

        // The state answered once, an error included: a code arriving for it afterwards is refused.
        var late = await CallbackAsync(host, $"?state={Uri.EscapeDataString(state)}&code=a-late-code");
        Assert.Equal("/?connectError=invalid_state", late.Location);

        // An error the API does not know by name is not passed on as it came.
        var state2 = StateOf(await (await client.PostAsync($"{id}/connect", null)).OkAsync());
        var odd = await CallbackAsync(host, $"?state={Uri.EscapeDataString(state2)}&error=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        Assert.Equal("/?connectError=authorization_failed", odd.Location);
        Assert.Equal(version, (await (await client.GetAsync(id)).OkAsync()).Version());
    }

    [SkippableFact]
    public async Task Callback_ReusedUnknownOrMissingState_IsRefused_AndChangesNothing()
    {
        server.RequireOrSkip();
        await using var host = await ApiHost.StartAsync(oauth: _ => { });
        var client = host.Client();
        var (id, _, _) = await CreateClientAsync(client, "REPLAY_OAUTH");
        var authorization = await (await client.PostAsync($"{id}/connect", null)).OkAsync();
        var redirect = await server.FollowToRedirectAsync(new Uri(authorization.GetProperty("authorizationUrl").GetString()!), ApiHost.CallbackUri);
        Assert.Equal("/?connected=" + id, (await CallbackAsync(host, redirect)).Location);
        var connected = await (await client.GetAsync(id)).OkAsync();
        var token = (await host.Get<ICredentialResolver>().ResolveAsync<OAuth2>(Acme, "REPLAY_OAUTH")).AccessToken;

        var replay = await CallbackAsync(host, redirect);
        var unknown = await CallbackAsync(host, "?state=" + new string('x', 43) + "&code=" + Code(redirect));
        var missing = await CallbackAsync(host, "?code=" + Code(redirect));
        var empty = await CallbackAsync(host, string.Empty);

        foreach (var refused in new[] { replay, unknown, missing, empty })
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.Status);
            Assert.Equal("/?connectError=invalid_state", refused.Location);
        }

        Assert.Equal(connected.Version(), (await (await client.GetAsync(id)).OkAsync()).Version());
        Assert.Equal(token, (await host.Get<ICredentialResolver>().ResolveAsync<OAuth2>(Acme, "REPLAY_OAUTH")).AccessToken);
    }

    [SkippableFact]
    public async Task RevokedGrant_ResolveThroughTheGroup_Is409ReconnectRequired_StatusNeedsReconnect_ThenReconnects()
    {
        server.RequireOrSkip();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await ApiHost.StartAsync(
            builder => builder.Services.AddSingleton<TimeProvider>(time),
            oauth: _ => { },
            mapMore: group => group.MapGet("/test/use/{key}", async (string key, HttpContext http, ICredentialResolver resolver) =>
            {
                // A host endpoint on the API's group that uses a credential: the group's filter maps what it throws.
                await resolver.ResolveAsync<OAuth2>(ApiScopeFeature.Of(http).Context, key, ResolveScope.Organization);
                return Results.Text("used");
            }));
        var client = host.Client();
        var (id, clientId, clientSecret) = await CreateClientAsync(client, "REVOKED_OAUTH");
        await ConnectAsync(host, client, id);
        Assert.Equal("used", await (await client.GetAsync("test/use/REVOKED_OAUTH")).Content.ReadAsStringAsync());

        // The user revokes the app at the provider; the access token runs out; the refresh meets invalid_grant.
        var refreshToken = (await host.Get<ICredentialResolver>().ResolveAsync<OAuth2>(Acme, "REVOKED_OAUTH")).RefreshToken!;
        await server.RevokeAsync(clientId, clientSecret, refreshToken);
        time.Advance(TimeSpan.FromHours(1));

        var response = await client.GetAsync("test/use/REVOKED_OAUTH");
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:credentials:problem:reconnect-required", problem.GetProperty("type").GetString());
        Assert.Equal(id, problem.GetProperty("credentialId").GetString());
        Assert.Equal("REVOKED_OAUTH", problem.GetProperty("key").GetString());
        Assert.Equal("needs_reconnect", (await (await client.GetAsync($"{id}/connection")).OkAsync()).GetProperty("state").GetString());

        // "Reconnect": the same route as connect; afterwards the credential works again.
        await ConnectAsync(host, client, id);
        Assert.Equal("connected", (await (await client.GetAsync($"{id}/connection")).OkAsync()).GetProperty("state").GetString());
        Assert.Equal("used", await (await client.GetAsync("test/use/REVOKED_OAUTH")).Content.ReadAsStringAsync());
        host.AssertNoResponseContains([refreshToken, clientSecret]);
    }

    [SkippableFact]
    public async Task PersonalCredential_ConnectedByItsUser_CallbackWithoutHeaders_StoresOnHersOnly()
    {
        server.RequireOrSkip();
        await using var host = await ApiHost.StartAsync(oauth: _ => { });
        var alice = host.Client(user: "alice");
        var (clientId, clientSecret) = await server.RegisterClientAsync("client_secret_basic", ["authorization_code", "refresh_token"], ApiHost.CallbackUri);
        var card = await (await alice.PostJsonAsync("", OAuthBody("MY_OAUTH", clientId, clientSecret, ownership: "user"))).OkAsync(HttpStatusCode.Created);
        var id = card.Id();
        Assert.Equal("alice", card.GetProperty("ownerUserId").GetString());

        // Bob cannot begin, nor read the state of, alice's credential.
        await (await host.Client(user: "bob").PostAsync($"{id}/connect", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await host.Client(user: "bob").GetAsync($"{id}/connection")).ProblemAsync(HttpStatusCode.NotFound);

        await ConnectAsync(host, alice, id);

        Assert.Equal("connected", (await (await alice.GetAsync($"{id}/connection")).OkAsync()).GetProperty("state").GetString());
        var token = await host.Get<ICredentialResolver>().ResolveAsync<OAuth2>(new CredentialContext(Acme, "alice"), "MY_OAUTH", ResolveScope.User);
        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        host.AssertNoResponseContains([token.AccessToken!, token.RefreshToken!, clientSecret]);
    }

    [SkippableFact]
    public async Task McpRegister_DiscoversRegistersStores_ThenConnects_NoSecretInAnyResponse()
    {
        server.RequireOrSkip();
        await using var host = await ApiHost.StartAsync(oauth: _ => { });
        var client = host.Client();

        var response = await client.PostJsonAsync("mcp/register", $$"""{"name":"Docs MCP","key":"DOCS_MCP","resourceOrIssuer":"{{server.Resource}}"}""");
        var card = await response.OkAsync(HttpStatusCode.Created);

        var id = card.Id();
        Assert.Equal("oauth2", card.GetProperty("type").GetString());
        Assert.Equal("mcp_service", card.GetProperty("category").GetString());
        Assert.Equal($"\"{card.Version()}\"", response.Headers.ETag?.ToString());
        Assert.Equal(ApiHost.Prefix + "/" + id, response.Headers.Location?.ToString());
        var status = await (await client.GetAsync($"{id}/connection")).OkAsync();
        Assert.Equal("not_connected", status.GetProperty("state").GetString());
        Assert.Equal("openid offline_access mcp:tools", status.GetProperty("scopes").GetString());

        var authorization = await (await client.PostAsync($"{id}/connect", null)).OkAsync();
        var url = new Uri(authorization.GetProperty("authorizationUrl").GetString()!);
        Assert.Equal(server.Resource, System.Web.HttpUtility.ParseQueryString(url.Query)["resource"]);
        var redirect = await server.FollowToRedirectAsync(url, ApiHost.CallbackUri);
        Assert.Equal("/?connected=" + id, (await CallbackAsync(host, redirect)).Location);

        // Every route once more, then the scan: no token, code or client secret in any body.
        await client.GetAsync(id);
        await client.GetAsync($"{id}/edit");
        await client.GetAsync($"{id}/connection");
        await client.GetAsync("");
        var secret = await host.Get<ICredentialResolver>().ResolveAsync<OAuth2>(Acme, "DOCS_MCP");
        Assert.False(string.IsNullOrEmpty(secret.ClientSecret));
        Assert.True(host.ResponseBodies.Count >= 8);
        host.AssertNoResponseContains([secret.ClientSecret, secret.AccessToken!, secret.RefreshToken!, Code(redirect)]);

        // The key is taken now; the library refuses the second one (after discovery) with 409.
        await (await client.PostJsonAsync("mcp/register", $$"""{"name":"Again","key":"DOCS_MCP","resourceOrIssuer":"{{server.Resource}}"}""")).ProblemAsync(HttpStatusCode.Conflict);
    }

    /// <summary>Creates an authorization-code OAuth 2.0 credential through the API for a new client of the server.</summary>
    private async Task<(string Id, string ClientId, string ClientSecret)> CreateClientAsync(HttpClient client, string key)
    {
        var (clientId, clientSecret) = await server.RegisterClientAsync("client_secret_basic", ["authorization_code", "refresh_token"], ApiHost.CallbackUri);
        var card = await (await client.PostJsonAsync("", OAuthBody(key, clientId, clientSecret))).OkAsync(HttpStatusCode.Created);
        return (card.Id(), clientId, clientSecret);
    }

    private string OAuthBody(string key, string clientId, string clientSecret, string ownership = "organization") =>
        JsonSerializer.Serialize(new
        {
            name = key,
            key,
            category = "mcp_service",
            type = "oauth2",
            ownership,
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

    /// <summary>Connect through the API: begin, the provider, the callback (as a browser: no header).</summary>
    private async Task ConnectAsync(ApiHost host, HttpClient client, string id)
    {
        var authorization = await (await client.PostAsync($"{id}/connect", null)).OkAsync();
        var redirect = await server.FollowToRedirectAsync(new Uri(authorization.GetProperty("authorizationUrl").GetString()!), ApiHost.CallbackUri);
        var returned = await CallbackAsync(host, redirect);
        Assert.Equal("/?connected=" + id, returned.Location);
    }

    /// <summary>The callback as the browser sends it: no organization, user or authorization header.</summary>
    internal static Task<Returned> CallbackAsync(ApiHost host, Uri redirect) => CallbackAsync(host, redirect.Query);

    internal static async Task<Returned> CallbackAsync(ApiHost host, string query)
    {
        using var browser = host.RootClient();
        using var response = await browser.GetAsync(ApiHost.Prefix.TrimStart('/') + "/oauth/callback" + query);
        var location = response.Headers.Location?.ToString();
        Assert.NotNull(location);

        // Never on: the code, the state, the server's description.
        var parameters = System.Web.HttpUtility.ParseQueryString(query);
        foreach (var name in new[] { "code", "state", "error_description" })
        {
            if (parameters[name] is { Length: > 0 } value)
            {
                Assert.DoesNotContain(value, location, StringComparison.Ordinal);
                Assert.DoesNotContain(Uri.EscapeDataString(value), location, StringComparison.Ordinal);
            }
        }

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var referrer = response.Headers.TryGetValues("Referrer-Policy", out var values) ? values.Single() : null;
        return new Returned(response.StatusCode, location, referrer);
    }

    private static string StateOf(JsonElement authorization) =>
        System.Web.HttpUtility.ParseQueryString(new Uri(authorization.GetProperty("authorizationUrl").GetString()!).Query)["state"]!;

    private static string Code(Uri redirect) => System.Web.HttpUtility.ParseQueryString(redirect.Query)["code"]!;

    internal sealed record Returned(HttpStatusCode Status, string Location, string? ReferrerPolicy);
}
