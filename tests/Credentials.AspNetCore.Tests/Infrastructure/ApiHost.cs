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
/// The organization comes from the <c>X-Org</c> header (none: 403). Every response body is kept, so a test can check
/// that no secret it posted ever came back.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string Prefix = "/api/credentials";
    public const string OrgHeader = "X-Org";

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
    public IReadOnlyCollection<string> ResponseBodies => _recorder.Bodies;

    public static async Task<ApiHost> StartAsync(Action<WebApplicationBuilder>? configure = null, bool addApi = true, bool openApi = false, bool secure = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var consumerHandler = new FailingConsumerHandler();
        var faults = new FaultyStore.Switch();
        builder.Services.AddCredentials()
            .UseInMemoryStorage()
            .UseMasterKey(RandomNumberGenerator.GetBytes(32))
            .AddCommonTemplates()
            .AddConsumerDeletionHandler(consumerHandler);
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
        var group = app.MapCredentialsApi(Prefix, http =>
            http.Request.Headers.TryGetValue(OrgHeader, out var org) && !string.IsNullOrEmpty(org) ? new OrganizationId(org.ToString()) : default);
        if (secure)
        {
            group.RequireAuthorization();
        }
        if (openApi)
        {
            app.MapOpenApi();
        }

        await app.StartAsync();
        return new ApiHost(app, consumerHandler, faults);
    }

    /// <summary>A client acting for <paramref name="organization"/> (null: no header).</summary>
    public HttpClient Client(string? organization = "acme")
    {
        var client = new HttpClient(_recorder, disposeHandler: false) { BaseAddress = new Uri("http://localhost" + Prefix + "/") };
        if (organization is not null)
        {
            client.DefaultRequestHeaders.Add(OrgHeader, organization);
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
        foreach (var body in _recorder.Bodies)
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

    private static void DecorateStore(IServiceCollection services, FaultyStore.Switch faults)
    {
        var original = services.Last(d => d.ServiceType == typeof(ICredentialStore));
        services.Remove(original);
        services.AddSingleton<ICredentialStore>(sp => new FaultyStore((ICredentialStore)original.ImplementationFactory!(sp), faults));
    }

    private sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _bodies = new();

        public IReadOnlyCollection<string> Bodies => _bodies;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            _bodies.Enqueue(System.Text.Encoding.UTF8.GetString(bytes));
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
