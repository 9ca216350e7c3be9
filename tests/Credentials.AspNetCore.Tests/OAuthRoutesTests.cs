using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.AspNetCore.Tests;

/// <summary>
/// The OAuth 2.0 routes without an authorization server: when they exist, their OpenAPI description, their refusals, the
/// callback's return URL and its place under the host's authorization. (The flows themselves: <see cref="OAuthEndpointsTests"/>.)
/// </summary>
public sealed class OAuthRoutesTests
{
    private const string Id = "0190a1b2c3d4e5f60718293a4b5c6d7e";

    [Fact]
    public async Task WithoutAddOAuth_TheRoutesAreNotMapped_NorDescribed()
    {
        await using var host = await ApiHost.StartAsync(openApi: true);
        var client = host.Client();

        foreach (var response in new[]
        {
            await client.PostAsync($"{Id}/connect", null),
            await client.GetAsync($"{Id}/connection"),
            await host.RootClient().GetAsync("api/credentials/oauth/callback?state=s&code=c"),
            await client.PostJsonAsync("mcp/register", """{"name":"n","key":"K","resourceOrIssuer":"https://mcp.example.com"}"""),
        })
        {
            // Routing's own 404 (no endpoint matched): no problem body, no redirect.
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        }

        var paths = (await (await host.RootClient().GetAsync("openapi/v1.json")).OkAsync()).GetProperty("paths");
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains("connect", StringComparison.Ordinal) || p.Name.Contains("oauth", StringComparison.Ordinal) || p.Name.Contains("mcp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithAddOAuth_OpenApiDescribesTheFourRoutes()
    {
        await using var host = await ApiHost.StartAsync(openApi: true, oauth: _ => { });

        var document = await (await host.RootClient().GetAsync("openapi/v1.json")).OkAsync();
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/credentials/{id}/connect", "post"), ("/api/credentials/oauth/callback", "get"),
            ("/api/credentials/{id}/connection", "get"), ("/api/credentials/mcp/register", "post"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"OpenAPI has no path {path}: {paths}");
            Assert.True(item.TryGetProperty(method, out var operation), $"OpenAPI has no {method} {path}");
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("description").GetString()));
        }

        var callback = paths.GetProperty("/api/credentials/oauth/callback").GetProperty("get");
        var parameters = callback.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(new[] { "state", "code", "error", "error_description" }, parameters);
        Assert.True(callback.GetProperty("responses").TryGetProperty("302", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("OAuthAuthorizationResponse", out var authorization), schemas.ToString());
        Assert.True(authorization.GetProperty("properties").TryGetProperty("authorizationUrl", out _));
        Assert.True(schemas.TryGetProperty("ConnectionStatusResponse", out _));
        Assert.True(schemas.TryGetProperty("RegisterMcpClientRequest", out var register));
        Assert.True(register.GetProperty("properties").TryGetProperty("resourceOrIssuer", out _));
    }

    [Fact]
    public async Task Connect_RefusesWhatCannotBeConnected()
    {
        await using var host = await ApiHost.StartAsync(oauth: _ => { });
        var client = host.Client();
        var token = await client.CreateTokenAsync("PLAIN_TOKEN", "plain-secret-1");
        var minted = await (await client.PostJsonAsync("", """{"name":"CC","key":"CC_CLIENT","category":"runtime","type":"oauth2","fields":{"client_id":"cc","client_secret":"cc-secret-1","grant_type":"client_credentials","token_endpoint":"https://auth.example.com/token"}}""")).OkAsync(HttpStatusCode.Created);

        await (await client.PostAsync("not-an-id/connect", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{Id}/connect", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"{Id}/connection")).ProblemAsync(HttpStatusCode.NotFound);
        var mismatch = await (await client.PostAsync($"{token.Id()}/connect", null)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:credentials:problem:type-mismatch", mismatch.GetProperty("type").GetString());
        var cannot = await (await client.PostAsync($"{minted.Id()}/connect", null)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(cannot.Errors("grant_type"));
        Assert.Equal("connected", (await (await client.GetAsync($"{minted.Id()}/connection")).OkAsync()).GetProperty("state").GetString());

        // Every route but the callback runs the host's resolver: no organization, 403.
        var nobody = host.Client(organization: null);
        await (await nobody.PostAsync($"{minted.Id()}/connect", null)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await nobody.GetAsync($"{minted.Id()}/connection")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await nobody.PostJsonAsync("mcp/register", "{}")).ProblemAsync(HttpStatusCode.Forbidden);
        host.AssertNoResponseContains(["plain-secret-1", "cc-secret-1"]);
    }

    [Fact]
    public async Task Connect_BeginsForAnOAuthCredential_WithoutCallingTheServer()
    {
        await using var host = await ApiHost.StartAsync(oauth: _ => { });
        var client = host.Client();
        var card = await (await client.PostJsonAsync("", """{"name":"GH","key":"GH_OAUTH","category":"mcp_service","type":"oauth2","fields":{"client_id":"gh-client","client_secret":"gh-secret-1","authorization_endpoint":"https://auth.example.com/authorize","token_endpoint":"https://auth.example.com/token","scopes":"repo"}}""")).OkAsync(HttpStatusCode.Created);

        var authorization = await (await client.PostAsync($"{card.Id()}/connect", null)).OkAsync();

        var url = new Uri(authorization.GetProperty("authorizationUrl").GetString()!);
        Assert.Equal("https://auth.example.com/authorize", url.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("gh-client", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(ApiHost.CallbackUri.ToString(), query["redirect_uri"]);
        Assert.Equal(43, query["state"]!.Length);
        Assert.Equal("not_connected", (await (await client.GetAsync($"{card.Id()}/connection")).OkAsync()).GetProperty("state").GetString());
        host.AssertNoResponseContains(["gh-secret-1"]);
    }

    [Fact]
    public async Task McpRegister_ChecksTheBodyBeforeSendingAnything()
    {
        await using var host = await ApiHost.StartAsync(oauth: _ => { });
        var client = host.Client();

        var missing = await (await client.PostJsonAsync("mcp/register", "{}")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(missing.Errors("name"));
        Assert.NotEmpty(missing.Errors("key"));
        Assert.NotEmpty(missing.Errors("resource_or_issuer"));
        var notHttp = await (await client.PostJsonAsync("mcp/register", """{"name":"n","key":"K","resourceOrIssuer":"ftp://mcp.example.com"}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(notHttp.Errors("resource_or_issuer"));
        var relative = await (await client.PostJsonAsync("mcp/register", """{"name":"n","key":"K","resourceOrIssuer":"mcp.example.com"}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(relative.Errors("resource_or_issuer"));
        var ownership = await (await client.PostJsonAsync("mcp/register", """{"name":"n","key":"K","resourceOrIssuer":"https://mcp.example.com","ownership":"user"}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(ownership.Errors("ownership"));
        // The library's own rule: http only for loopback (refused before any request).
        var plainHttp = await (await client.PostJsonAsync("mcp/register", """{"name":"n","key":"K","resourceOrIssuer":"http://mcp.example.com/mcp"}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(plainHttp.Errors("resource_or_issuer"));
        await (await client.PostJsonAsync("mcp/register", """{"name":"n","key":"K","resourceOrIssuer":"https://mcp.example.com","bogus":1}""")).ProblemAsync(HttpStatusCode.BadRequest);
        // Not JSON: routing answers 415 (the route accepts application/json only), as for create.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync("mcp/register", new StringContent("name=n"))).StatusCode);
        Assert.Empty((await (await client.GetAsync("")).OkAsync()).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData(null, "/?connectError=invalid_state")]
    [InlineData("~/", "/?connectError=invalid_state")]
    [InlineData("/settings/credentials", "/settings/credentials?connectError=invalid_state")]
    [InlineData("/settings/credentials?tab=oauth#top", "/settings/credentials?tab=oauth&connectError=invalid_state#top")]
    [InlineData("https://app.example.com/creds?", "https://app.example.com/creds?connectError=invalid_state")]
    public async Task Callback_GoesToTheConfiguredReturnUrl(string? returnUrl, string expected)
    {
        await using var host = await ApiHost.StartAsync(
            builder =>
            {
                if (returnUrl is not null)
                {
                    builder.Services.AddCredentialsApi(o => o.OAuthReturnUrl = returnUrl);
                }
            },
            oauth: _ => { });

        var returned = await OAuthEndpointsTests.CallbackAsync(host, "?state=unknown-state&code=some-code");

        Assert.Equal(HttpStatusCode.Redirect, returned.Status);
        Assert.Equal(expected, returned.Location);
    }

    [Fact]
    public void ReturnUrl_UnderAPathBase_TildeIsThePathBase()
    {
        var http = new DefaultHttpContext();
        http.Request.PathBase = "/tenant a";

        Assert.Equal("/tenant%20a/?connected=abc", ConnectionEndpoints.ReturnUrl(http, "~/", "connected", "abc"));
        Assert.Equal("/tenant%20a/settings?x=1&connectError=a%26b", ConnectionEndpoints.ReturnUrl(http, "~/settings?x=1", "connectError", "a&b"));
        Assert.Equal("/other?connected=abc", ConnectionEndpoints.ReturnUrl(http, "/other", "connected", "abc"));
    }

    [Theory]
    [InlineData("//evil.example.com/")]
    [InlineData("/\\evil.example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("settings")]
    [InlineData("")]
    [InlineData("/a b")]
    [InlineData("https://user:pw@app.example.com/")]
    public async Task AnUnsafeReturnUrl_FailsStartUp(string returnUrl)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiHost.StartAsync(builder => builder.Services.AddCredentialsApi(o => o.OAuthReturnUrl = returnUrl), oauth: _ => { }));
        Assert.Contains("OAuthReturnUrl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecuredGroup_CoversTheCallback_UnlessAllowAnonymousOAuthCallback()
    {
        static void Authentication(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder)
        {
            builder.Services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>("Test", null);
            builder.Services.AddAuthorization();
        }

        await using (var secured = await ApiHost.StartAsync(Authentication, secure: true, oauth: _ => { }))
        {
            using var browser = secured.RootClient();
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("api/credentials/oauth/callback?state=s&code=c")).StatusCode);
        }

        await using var open = await ApiHost.StartAsync(
            builder =>
            {
                Authentication(builder);
                builder.Services.AddCredentialsApi(o => o.AllowAnonymousOAuthCallback = true);
            },
            secure: true,
            oauth: _ => { });
        Assert.Equal("/?connectError=invalid_state", (await OAuthEndpointsTests.CallbackAsync(open, "?state=some-state&code=some-code")).Location);
        Assert.Equal(HttpStatusCode.Unauthorized, (await open.Client().PostAsync($"{Id}/connect", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await open.Client().GetAsync($"{Id}/connection")).StatusCode);
    }

    /// <summary>Signs in whoever sends <c>X-User</c> (an API that needs a header: a browser's redirect has none).</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers.TryGetValue("X-User", out var user)
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.ToString())], "Test")), "Test"))
                : AuthenticateResult.NoResult());
    }
}
