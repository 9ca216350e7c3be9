using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credentials.Http.Tests;

/// <summary>The handler of AddCredentialAuthentication against a real Kestrel server on 127.0.0.1 that echoes what it received.</summary>
public sealed class CredentialAuthenticationHandlerTests : IAsyncLifetime
{
    private static readonly OrganizationId Acme = new("acme");

    private readonly ListLoggerProvider _logs = new();
    private EchoServer _server = null!;
    private ServiceProvider? _services;

    private ICredentialStore Store => _services!.GetRequiredService<ICredentialStore>();

    private ICredentialContextAccessor Contexts => _services!.GetRequiredService<ICredentialContextAccessor>();

    [Fact]
    public async Task ApiToken_IsSentAsBearer()
    {
        var client = Build("OPENAI_API_KEY");
        await Store.CreateAsync(Acme, Token("OPENAI_API_KEY", "sk-bearer-123"));

        using (Contexts.BeginScope(Acme))
        {
            using var response = await client.GetAsync("v1/models");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("Bearer sk-bearer-123", Assert.Single(_server.Requests)["authorization"]);
    }

    [Fact]
    public async Task TemplateWithItsOwnHeader_SendsTheValueThereAndNoAuthorization()
    {
        var client = Build("ANTHROPIC_API_KEY", templates: b => b.AddTemplate(Template("anthropic", "ANTHROPIC_API_KEY", CredentialType.ApiToken) with { HeaderName = "x-api-key" }));
        await Store.CreateFromTemplateAsync(Acme, "anthropic", new ApiToken("sk-ant-456"));

        await SendAsync(client, Acme);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("sk-ant-456", request["x-api-key"]);
        Assert.False(request.ContainsKey("authorization"));
    }

    [Fact]
    public async Task KeyPairWithBasicTemplate_IsSentAsBasic()
    {
        var client = Build("TWILIO_CREDENTIALS", templates: b => b.AddTemplate(Template("twilio", "TWILIO_CREDENTIALS", CredentialType.KeyPair) with { HeaderScheme = "Basic" }));
        await Store.CreateAsync(Acme, new NewCredential("Twilio", "TWILIO_CREDENTIALS", CredentialCategory.Communication, new KeyPair("AC123", "auth-token")));

        await SendAsync(client, Acme);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AC123:auth-token")), Assert.Single(_server.Requests)["authorization"]);
    }

    [Fact]
    public async Task KeyPairWithoutBasic_IsRefusedBeforeAnythingIsSent()
    {
        var client = Build("PAIR");
        await Store.CreateAsync(Acme, new NewCredential("Pair", "PAIR", CredentialCategory.Custom, new KeyPair("k", "key-pair-secret")));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => SendAsync(client, Acme));

        Assert.Contains("only with Basic", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("key-pair-secret", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task UsernamePassword_IsBasicByDefault()
    {
        var client = Build("LOGIN");
        await Store.CreateAsync(Acme, new NewCredential("Login", "LOGIN", CredentialCategory.Runtime, new UsernamePassword("me", "pw")));

        await SendAsync(client, Acme);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("me:pw")), Assert.Single(_server.Requests)["authorization"]);
    }

    [Fact]
    public async Task OptionsOverrideTheTemplate()
    {
        var template = Template("anthropic", "ANTHROPIC_API_KEY", CredentialType.ApiToken) with { HeaderName = "x-api-key" };
        var clients = BuildMany(b => b.AddTemplate(template), null, ("ANTHROPIC_API_KEY", o => o.HeaderScheme = "Token", "scheme"), ("ANTHROPIC_API_KEY", o => o.HeaderName = "X-Proxy-Key", "header"));
        var (scheme, header) = (clients[0], clients[1]);
        await Store.CreateAsync(Acme, Token("ANTHROPIC_API_KEY", "sk-ant-789"));

        await SendAsync(scheme, Acme);
        await SendAsync(header, Acme);

        var requests = _server.Requests.ToArray();
        Assert.Equal("Token sk-ant-789", requests[0]["authorization"]);
        Assert.False(requests[0].ContainsKey("x-api-key"));
        Assert.Equal("sk-ant-789", requests[1]["x-proxy-key"]);
    }

    [Fact]
    public async Task OAuth2_SendsItsAccessToken()
    {
        var client = Build("GOOGLE");
        await Store.CreateAsync(Acme, new NewCredential("Google", "GOOGLE", CredentialCategory.McpService, new OAuth2("client", "client-secret", "ya29.access", "1//refresh")));

        await SendAsync(client, Acme);

        Assert.Equal("Bearer ya29.access", Assert.Single(_server.Requests)["authorization"]);
    }

    [Fact]
    public async Task NoAmbientContext_IsRefused()
    {
        var client = Build("OPENAI_API_KEY");
        await Store.CreateAsync(Acme, Token("OPENAI_API_KEY", "sk-1"));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("x"));

        Assert.Contains("No CredentialContext", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task UserScope_SendsEachUsersOwnAndAsksOthersToConnect()
    {
        var client = Build("GITHUB_TOKEN", o => o.Scope = ResolveScope.User);
        await Store.CreateAsync(Acme, Token("GITHUB_TOKEN", "ghp-shared"));
        await Store.CreateAsync(new CredentialContext(Acme, "alice"), Token("GITHUB_TOKEN", "ghp-alice") with { OwnerUserId = "alice" });

        await SendAsync(client, new CredentialContext(Acme, "alice"));
        var ex = await Assert.ThrowsAsync<CredentialConnectionRequiredException>(() => SendAsync(client, new CredentialContext(Acme, "bob")));

        Assert.Equal("Bearer ghp-alice", Assert.Single(_server.Requests)["authorization"]);
        Assert.Equal("bob", ex.UserId);
    }

    [Fact]
    public async Task AuthorizationSetByTheCaller_IsRefusedNotOverwritten()
    {
        var client = Build("OPENAI_API_KEY");
        await Store.CreateAsync(Acme, Token("OPENAI_API_KEY", "sk-1"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "x");
        request.Headers.Authorization = new("Bearer", "callers-own");

        using (Contexts.BeginScope(Acme))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(request));
            client.DefaultRequestHeaders.Authorization = new("Bearer", "default-header");
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("y"));
        }

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Unauthorized_WithARefresher_RetriesOnceWithTheRenewedValue()
    {
        var refresher = new RenewingRefresher("sk-renewed");
        var client = Build("OPENAI_API_KEY", refresher: refresher);
        await Store.CreateAsync(Acme, Token("OPENAI_API_KEY", "sk-expired"));
        _server.Status = h => h["authorization"] == "Bearer sk-renewed" ? 200 : 401;

        using var response = await SendAsync(client, Acme, JsonContent.Create(new { prompt = "hello" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requests = _server.Requests.ToArray();
        Assert.Equal(["Bearer sk-expired", "Bearer sk-renewed"], requests.Select(r => r["authorization"]));
        Assert.Equal(requests[0]["(body)"], requests[1]["(body)"]);
        var call = Assert.Single(refresher.Calls);
        Assert.Equal(("OPENAI_API_KEY", ResolveScope.Organization, "sk-expired"), (call.Key, call.Scope, ((ApiToken)call.Rejected).Token));
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("sk-", StringComparison.Ordinal));
        Assert.Contains(_logs.Messages, m => m.Contains("sent once more", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unauthorized_AfterTheRetry_IsReturnedWithoutAnotherTry()
    {
        var refresher = new RenewingRefresher("sk-still-bad");
        var client = Build("OPENAI_API_KEY", refresher: refresher);
        await Store.CreateAsync(Acme, Token("OPENAI_API_KEY", "sk-expired"));
        _server.Status = _ => 401;

        using var response = await SendAsync(client, Acme);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Single(refresher.Calls);
    }

    [Fact]
    public async Task Unauthorized_WithoutARefresher_IsReturned()
    {
        var client = Build("OPENAI_API_KEY");
        await Store.CreateAsync(Acme, Token("OPENAI_API_KEY", "sk-expired"));
        _server.Status = _ => 401;

        using var response = await SendAsync(client, Acme);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Unauthorized_NothingRenewed_IsReturned()
    {
        var client = Build("OPENAI_API_KEY", refresher: new DecliningRefresher());
        await Store.CreateAsync(Acme, Token("OPENAI_API_KEY", "sk-expired"));
        _server.Status = _ => 401;

        using var response = await SendAsync(client, Acme);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Unauthorized_WithAStreamBody_IsNotSentAgain()
    {
        var refresher = new RenewingRefresher("sk-renewed");
        var client = Build("OPENAI_API_KEY", refresher: refresher);
        await Store.CreateAsync(Acme, Token("OPENAI_API_KEY", "sk-expired"));
        _server.Status = _ => 401;

        using var response = await SendAsync(client, Acme, new StreamContent(new MemoryStream([1, 2, 3])));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(_server.Requests);
        Assert.Empty(refresher.Calls);
    }

    [Fact]
    public async Task RetryOnUnauthorizedOff_IsNotRetried()
    {
        var refresher = new RenewingRefresher("sk-renewed");
        var client = Build("OPENAI_API_KEY", o => o.RetryOnUnauthorized = false, refresher: refresher);
        await Store.CreateAsync(Acme, Token("OPENAI_API_KEY", "sk-expired"));
        _server.Status = _ => 401;

        using var response = await SendAsync(client, Acme);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(refresher.Calls);
    }

    [Fact]
    public async Task ContentHeaderName_IsRefusedRatherThanDropped()
    {
        var client = Build("OPENAI_API_KEY", o => o.HeaderName = "Content-Language");
        await Store.CreateAsync(Acme, Token("OPENAI_API_KEY", "sk-1"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => SendAsync(client, Acme));

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void AddCredentialAuthentication_BadOptions_Throw()
    {
        var builder = new ServiceCollection().AddHttpClient("x");

        Assert.Throws<ArgumentException>(() => builder.AddCredentialAuthentication(" "));
        Assert.Throws<ArgumentException>(() => builder.AddCredentialAuthentication("K", o => o.HeaderName = "bad header"));
        Assert.Throws<ArgumentException>(() => builder.AddCredentialAuthentication("K", o => o.HeaderScheme = "Bearer "));
        Assert.Throws<ArgumentException>(() => builder.AddCredentialAuthentication("K", o => o.Scope = (ResolveScope)42));
    }

    public async Task InitializeAsync() => _server = await EchoServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    private static NewCredential Token(string key, string token) => new(key, key, CredentialCategory.Custom, new ApiToken(token));

    private static CredentialTemplate Template(string id, string key, CredentialType type) =>
        new(id, id, id, key, type, CredentialCategory.Custom, "A test template.", new Uri("https://example.com/"));

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, CredentialContext context, HttpContent? content = null)
    {
        using (Contexts.BeginScope(context))
        {
            return content is null ? await client.GetAsync("call") : await client.PostAsync("call", content);
        }
    }

    private HttpClient Build(
        string key,
        Action<CredentialAuthenticationOptions>? options = null,
        Action<ICredentialsBuilder>? templates = null,
        ICredentialTokenRefresher? refresher = null) =>
        BuildMany(templates, refresher, (key, options, "api"))[0];

    /// <summary>The test's vault (in memory) with named clients on the echo server, each with the handler.</summary>
    private HttpClient[] BuildMany(
        Action<ICredentialsBuilder>? templates,
        ICredentialTokenRefresher? refresher,
        params (string Key, Action<CredentialAuthenticationOptions>? Options, string Name)[] clients)
    {
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        var builder = services.AddCredentials().UseInMemoryStorage().UseMasterKey(RandomNumberGenerator.GetBytes(32));
        templates?.Invoke(builder);
        if (refresher is not null)
        {
            services.AddSingleton(sp =>
            {
                if (refresher is RenewingRefresher renewing)
                {
                    renewing.Store = sp.GetRequiredService<ICredentialStore>();
                }

                return refresher;
            });
        }

        foreach (var (key, options, name) in clients)
        {
            services.AddHttpClient(name, c => c.BaseAddress = _server.BaseAddress).AddCredentialAuthentication(key, options);
        }

        _services = services.BuildServiceProvider(validateScopes: true);
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        return [.. clients.Select(c => factory.CreateClient(c.Name))];
    }

    private sealed class RenewingRefresher(string renewed) : ICredentialTokenRefresher
    {
        public ConcurrentQueue<(string Key, ResolveScope Scope, CredentialSecret Rejected)> Calls { get; } = new();

        public ICredentialStore? Store { get; set; }

        public async Task<bool> TryRefreshAsync(CredentialContext context, string key, ResolveScope scope, CredentialSecret rejected, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue((key, scope, rejected));
            var view = await Store!.GetByKeyAsync(context.Organization, key, cancellationToken);
            await Store.UpdateAsync(context.Organization, view!.Id, new CredentialUpdate { Secret = new ApiToken(renewed) }, cancellationToken);
            return true;
        }
    }

    private sealed class DecliningRefresher : ICredentialTokenRefresher
    {
        public Task<bool> TryRefreshAsync(CredentialContext context, string key, ResolveScope scope, CredentialSecret rejected, CancellationToken cancellationToken = default) =>
            Task.FromResult(false);
    }
}
