using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credentials.AspNetCore.Tests;

/// <summary>
/// A host with the credentials API under <see cref="Prefix"/> on the ASP.NET Core test server: in-memory storage, a random
/// master key, the common templates, a consumer handler that can be told to fail, and a store that can be told to throw.
/// The organization comes from the <c>X-Org</c> header (none: 403) and the user, if any, from <c>X-Test-User</c> (none: the
/// organization's own context, its administrator). Every response body is kept, with the user it was sent to, so a
/// test can check that no secret it posted ever came back and that one user never saw another's credential.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string Prefix = "/api/credentials";
    public const string OrgHeader = "X-Org";
    public const string UserHeader = "X-Test-User";

    /// <summary>The OAuth callback of the API as the test server's clients reach it (with <c>oauth:</c>, its RedirectUri).</summary>
    public static readonly Uri CallbackUri = new("http://localhost" + Prefix + "/oauth/callback");

    private readonly WebApplication _app;
    private readonly RecordingHandler _recorder;

    private ApiHost(WebApplication app, FailingConsumerHandler consumerHandler, FaultyStore.Switch storeFaults)
    {
        _app = app;
        _recorder = new RecordingHandler(app.GetTestServer().CreateHandler());
        ConsumerHandler = consumerHandler;
        StoreFaults = storeFaults;
    }

    public IServiceProvider Services => _app.Services;

    public FailingConsumerHandler ConsumerHandler { get; }

    public FaultyStore.Switch StoreFaults { get; }

    /// <summary>Every response body received so far, as text.</summary>
    public IReadOnlyCollection<string> ResponseBodies => _recorder.Bodies.Select(b => b.Body).ToArray();

    /// <summary>Every response body received so far by requests that acted for <paramref name="user"/>.</summary>
    public IReadOnlyList<string> ResponseBodiesFor(string user) => _recorder.Bodies.Where(b => b.User == user).Select(b => b.Body).ToArray();

    /// <param name="configure">Changes to the host's builder.</param>
    /// <param name="addApi">Whether to call <c>AddCredentialsApi()</c>.</param>
    /// <param name="openApi">Whether to serve the OpenAPI document.</param>
    /// <param name="secure">Whether the group requires an authenticated user.</param>
    /// <param name="organizationOnly">Maps through the overload that takes an organization resolver (no users at all).</param>
    /// <param name="oauth">
    /// Adds OAuth 2.0 connections (<c>AddOAuth</c>, with <see cref="CallbackUri"/> as the redirect URI, then these changes) and
    /// allows private network destinations (the test authorization server listens on 127.0.0.1); null: no OAuth.
    /// </param>
    /// <param name="mapMore">Maps more endpoints on the API's route group (the host's own, under its filter).</param>
    public static async Task<ApiHost> StartAsync(
        Action<WebApplicationBuilder>? configure = null,
        bool addApi = true,
        bool openApi = false,
        bool secure = false,
        bool organizationOnly = false,
        Action<OAuthOptions>? oauth = null,
        Action<Microsoft.AspNetCore.Routing.RouteGroupBuilder>? mapMore = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var consumerHandler = new FailingConsumerHandler();
        var faults = new FaultyStore.Switch();
        var credentials = builder.Services.AddCredentials(o => o.AllowPrivateNetworkDestinations = oauth is not null)
            .UseInMemoryStorage()
            .UseMasterKey(RandomNumberGenerator.GetBytes(32))
            .AddCommonTemplates()
            .AddConsumerDeletionHandler(consumerHandler);
        if (oauth is not null)
        {
            credentials.AddOAuth(o =>
            {
                o.RedirectUri = CallbackUri;
                o.RetryDelay = TimeSpan.FromMilliseconds(20);
                oauth(o);
            });
        }

        DecorateStore(builder.Services, faults);
        if (addApi)
        {
            builder.Services.AddCredentialsApi();
        }

        if (openApi)
        {
            builder.Services.AddOpenApi();
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        var group = organizationOnly
            ? app.MapCredentialsApi(Prefix, OrganizationOf)
            : app.MapCredentialsApi(Prefix, http => OrganizationOf(http) is { Value: not null } org && http.Request.Headers.TryGetValue(UserHeader, out var user) && !string.IsNullOrEmpty(user)
                ? new CredentialContext(org, user.ToString())
                : OrganizationOf(http));
        if (secure)
        {
            group.RequireAuthorization();
        }

        mapMore?.Invoke(group);
        if (openApi)
        {
            app.MapOpenApi();
        }

        await app.StartAsync();
        return new ApiHost(app, consumerHandler, faults);
    }

    /// <summary>A client acting for <paramref name="organization"/> (null: no header) and <paramref name="user"/> (null: the organization itself).</summary>
    public HttpClient Client(string? organization = "acme", string? user = null)
    {
        var client = new HttpClient(_recorder, disposeHandler: false) { BaseAddress = new Uri("http://localhost" + Prefix + "/") };
        if (organization is not null)
        {
            client.DefaultRequestHeaders.Add(OrgHeader, organization);
        }

        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(UserHeader, user);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>A client at the host's root, for what is not under the prefix (the OpenAPI document).</summary>
    public HttpClient RootClient() => new(_recorder, disposeHandler: false) { BaseAddress = new Uri("http://localhost/") };

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>
    /// Fails the test if any response body so far contains one of <paramref name="secrets"/>: in its raw text, or in any
    /// property name or string value once decoded (JSON may escape characters of a secret, such as + or non-ASCII).
    /// </summary>
    public void AssertNoResponseContains(IEnumerable<string> secrets)
    {
        var list = secrets.ToArray();
        foreach (var (_, body) in _recorder.Bodies)
        {
            var texts = new List<string> { body };
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(body);
                Collect(document.RootElement, texts);
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON (an empty body): the raw text was checked.
            }

            foreach (var secret in list)
            {
                Assert.False(texts.Any(t => t.Contains(secret, StringComparison.Ordinal)), $"A response body contains a posted secret: {body}");
            }
        }
    }

    private static void Collect(System.Text.Json.JsonElement element, List<string> texts)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    texts.Add(property.Name);
                    Collect(property.Value, texts);
                }

                break;
            case System.Text.Json.JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, texts);
                }

                break;
            case System.Text.Json.JsonValueKind.String:
                texts.Add(element.GetString()!);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _recorder.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static OrganizationId OrganizationOf(Microsoft.AspNetCore.Http.HttpContext http) =>
        http.Request.Headers.TryGetValue(OrgHeader, out var org) && !string.IsNullOrEmpty(org) ? new OrganizationId(org.ToString()) : default;

    private static void DecorateStore(IServiceCollection services, FaultyStore.Switch faults)
    {
        var original = services.Last(d => d.ServiceType == typeof(ICredentialStore));
        services.Remove(original);
        services.AddSingleton<ICredentialStore>(sp => new FaultyStore((ICredentialStore)original.ImplementationFactory!(sp), faults));
    }

    private sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string? User, string Body)> _bodies = new();

        public IReadOnlyCollection<(string? User, string Body)> Bodies => _bodies;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var user = request.Headers.TryGetValues(UserHeader, out var users) ? users.FirstOrDefault() : null;
            _bodies.Enqueue((user, System.Text.Encoding.UTF8.GetString(bytes)));
            var copy = new ByteArrayContent(bytes);
            foreach (var header in response.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = copy;
            return response;
        }
    }
}
