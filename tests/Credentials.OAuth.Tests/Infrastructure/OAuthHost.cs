using System.Security.Cryptography;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credentials.OAuth.Tests;

/// <summary>A vault with OAuth connections over one store: in memory, a SQLite file, or a PostgreSQL schema.</summary>
internal sealed class OAuthHost : IAsyncDisposable
{
    public static readonly OrganizationId Org = new("acme");

    private readonly ServiceProvider _provider;

    public OAuthHost(Action<ICredentialsBuilder>? storage = null, byte[]? masterKey = null, TimeProvider? time = null, Action<OAuthOptions>? oauth = null, bool allowPrivate = true)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        var builder = services.AddCredentials(o => o.AllowPrivateNetworkDestinations = allowPrivate)
            .UseMasterKey(masterKey ?? RandomNumberGenerator.GetBytes(32))
            .AddOAuth(o =>
            {
                o.RedirectUri = OidcServer.RedirectUri;
                o.RetryDelay = TimeSpan.FromMilliseconds(20);
                oauth?.Invoke(o);
            });
        (storage ?? (b => b.UseInMemoryStorage())).Invoke(builder);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public ListLoggerProvider Logs { get; } = new();

    public ICredentialStore Store => _provider.GetRequiredService<ICredentialStore>();

    public ICredentialResolver Resolver => _provider.GetRequiredService<ICredentialResolver>();

    public ICredentialConnections Connections => _provider.GetRequiredService<ICredentialConnections>();

    public ICredentialStorage Storage => _provider.GetRequiredService<ICredentialStorage>();

    internal OAuthVault Vault => _provider.GetRequiredService<OAuthVault>();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Creates an authorization-code credential for a client of the server.</summary>
    public Task<CredentialView> CreateClientAsync(OidcServer server, string clientId, string clientSecret, string key, string? resource = null, string scopes = "openid offline_access") =>
        Store.CreateAsync(Org, new NewCredential(key, key, CredentialCategory.McpService, new OAuth2(clientId, clientSecret)
        {
            Issuer = server.Issuer,
            AuthorizationEndpoint = server.AuthorizationEndpoint,
            TokenEndpoint = server.TokenEndpoint,
            Scopes = resource is null ? scopes : scopes + " mcp:tools",
            Resource = resource,
        }));

    /// <summary>Begins, plays the browser and completes: the credential is connected.</summary>
    public async Task<(CredentialView View, OAuthCallback Callback)> ConnectAsync(OidcServer server, CredentialId id)
    {
        var authorization = await Connections.BeginAsync(Org, id);
        var callback = await server.AuthorizeAsync(authorization.AuthorizationUrl);
        return (await Connections.CompleteAsync(callback), callback);
    }

    /// <summary>Makes the stored access token expired (as if its lifetime had passed), in one versioned write.</summary>
    public Task ExpireAsync(CredentialId id) =>
        Vault.WriteAsync(Org.Value, id.Value, s => s with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1), IssuedAt = DateTimeOffset.UtcNow.AddSeconds(-31) }, CancellationToken.None);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
