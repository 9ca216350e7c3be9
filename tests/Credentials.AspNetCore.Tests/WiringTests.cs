using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.AspNetCore.Tests;

public sealed class WiringTests
{
    [Fact]
    public async Task OpenApiDocument_DescribesEveryRoute()
    {
        await using var host = await ApiHost.StartAsync(openApi: true);
        using var client = host.RootClient();

        var document = await (await client.GetAsync("openapi/v1.json")).OkAsync();
        var paths = document.GetProperty("paths");
        var expected = new (string Path, string Method)[]
        {
            ("/api/credentials/templates", "get"), ("/api/credentials/schemas", "get"), ("/api/credentials", "get"),
            ("/api/credentials", "post"), ("/api/credentials/{id}", "get"), ("/api/credentials/{id}/edit", "get"),
            ("/api/credentials/{id}", "put"), ("/api/credentials/{id}/impact", "get"), ("/api/credentials/{id}", "delete"),
            ("/api/credentials/deleted", "get"), ("/api/credentials/deleted/{id}/recover", "post"),
            ("/api/credentials/{id}/consumers", "get"), ("/api/credentials/{id}/consumers", "post"), ("/api/credentials/{id}/consumers", "delete"),
        };
        foreach (var (path, method) in expected)
        {
            var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
            Assert.True(paths.TryGetProperty(trimmed, out var item) || paths.TryGetProperty(trimmed + "/", out item), $"OpenAPI has no path {trimmed}: {paths}");
            Assert.True(item.TryGetProperty(method, out _), $"OpenAPI has no {method} {trimmed}");
        }

        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("CredentialResponse", out var card), schemas.ToString());
        Assert.True(card.GetProperty("properties").TryGetProperty("maskedSummary", out _));
        Assert.True(schemas.TryGetProperty("CreateCredentialRequest", out _));
    }

    [Fact]
    public async Task AddCredentialsApi_PutsTheContextInTheHostsChain_Once_AheadOfReflection()
    {
        await using var host = await ApiHost.StartAsync(builder => builder.Services.AddCredentialsApi());

        var chain = host.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions.TypeInfoResolverChain;
        Assert.Single(chain, r => ReferenceEquals(r, CredentialsApiJsonContext.Default));
        var reflection = chain.ToList().FindIndex(r => r is System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver);
        Assert.True(reflection < 0 || chain.IndexOf(CredentialsApiJsonContext.Default) < reflection);
    }

    [Fact]
    public async Task OrganizationResolver_ActsAsTheOrganizationItself()
    {
        await using var host = await ApiHost.StartAsync(organizationOnly: true);
        var client = host.Client(user: "ignored-user");

        var card = await client.CreateTokenAsync("SHARED_KEY", "org-only-secret-1");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, card.GetProperty("ownerUserId").ValueKind);
        await (await client.GetAsync("?includeAllUsers=true")).OkAsync();
        var problem = await (await client.PostJsonAsync("", """{"templateId":"github","ownership":"user","fields":{"token":"t"}}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(problem.Errors("ownership"));
        await (await host.Client(organization: null).GetAsync("")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RouteGroup_CanBeSecuredByTheHost()
    {
        await using var host = await ApiHost.StartAsync(builder =>
        {
            builder.Services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>("Test", null);
            builder.Services.AddAuthorization();
        }, secure: true);

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client().GetAsync("")).StatusCode);
        var authenticated = host.Client();
        authenticated.DefaultRequestHeaders.Add("X-User", "alice");
        await (await authenticated.GetAsync("")).OkAsync();
    }

    /// <summary>Signs in whoever sends <c>X-User</c>.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers.TryGetValue("X-User", out var user)
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.ToString())], "Test")), "Test"))
                : AuthenticateResult.NoResult());
    }
}
