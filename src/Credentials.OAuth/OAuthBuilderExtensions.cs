using Credentials;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The OAuth 2.0 verb of <see cref="ICredentialsBuilder"/>.</summary>
public static class OAuthBuilderExtensions
{
    /// <summary>
    /// Adds OAuth 2.0 connections: <see cref="ICredentialConnections"/> (authorization code with PKCE, MCP client
    /// registration), and refresh on resolve: resolving an OAuth 2.0 credential returns a fresh access token.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes to <see cref="OAuthOptions"/>; <see cref="OAuthOptions.RedirectUri"/> is required.</param>
    /// <returns>The builder.</returns>
    public static ICredentialsBuilder AddOAuth(this ICredentialsBuilder builder, Action<OAuthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<OAuthOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OAuthOptions>, OAuthOptionsValidator>());
        if (!services.Any(d => d.ServiceType == typeof(OAuthProtocol)))
        {
            // Once: a second AddOAuth only adds its options changes (the named client and its pipeline exist already).
            OAuthHttp.Configure(services);
        }

        services.TryAddSingleton<OAuthProtocol>();
        services.TryAddSingleton<OAuthVault>();
        services.TryAddSingleton<OAuthTokenRefresher>();
        services.TryAddSingleton<IOAuthTokenSource>(sp => sp.GetRequiredService<OAuthTokenRefresher>());
        services.TryAddSingleton<ICredentialConnections, CredentialConnections>();

        // A 401 on a request that AddCredentialAuthentication signed renews the token once (Credentials.Http).
        services.TryAddSingleton<ICredentialTokenRefresher, OAuthRejectedTokenRefresher>();
        return builder;
    }
}
