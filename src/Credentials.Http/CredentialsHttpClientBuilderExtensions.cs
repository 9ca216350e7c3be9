using Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Authenticates an <c>HttpClient</c> with a credential from the vault.</summary>
public static class CredentialsHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds a handler that puts the credential with <paramref name="key"/> on every request of this client, for the ambient
    /// <see cref="CredentialContext"/> (<see cref="ICredentialContextAccessor.Current"/>, set by the host for the request or
    /// job): <c>Authorization: Bearer &lt;token&gt;</c>, or the header and scheme of the credential's template (Anthropic's
    /// <c>x-api-key</c>, <c>Basic</c> for a key pair whose template says so). OAuth 2.0 credentials are resolved through the
    /// resolver, which refreshes them where the OAuth 2.0 package is added; a 401 is retried once after a refresh
    /// (<see cref="CredentialAuthenticationOptions.RetryOnUnauthorized"/>). The value is resolved for each request (not kept
    /// by the handler) and never logged.
    /// </summary>
    /// <param name="builder">The client's builder, from <c>services.AddHttpClient(...)</c>.</param>
    /// <param name="key">The credential's key, such as <c>OPENAI_API_KEY</c>.</param>
    /// <param name="configure">The scope, a header or scheme of its own, the template, retry.</param>
    /// <returns>The same builder.</returns>
    /// <remarks>
    /// A request that already carries the header (set by the caller or the client's <c>DefaultRequestHeaders</c>) is refused
    /// with <see cref="InvalidOperationException"/> rather than overwritten: two sources of one credential header is a bug
    /// that overwriting would hide, and sending the wrong one is worse. A request sent without an ambient context is
    /// refused the same way. The host chose the client's address, so the vault's private-network rule for outbound calls
    /// does not apply.
    /// </remarks>
    /// <exception cref="ArgumentException">The key is blank, or an option is not a header name, a scheme or a defined scope.</exception>
    public static IHttpClientBuilder AddCredentialAuthentication(this IHttpClientBuilder builder, string key, Action<CredentialAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var options = new CredentialAuthenticationOptions();
        configure?.Invoke(options);
        CredentialHeader.CheckOptions(options);
        builder.AddHttpMessageHandler(sp => new CredentialAuthenticationHandler(
            key,
            options,
            sp.GetRequiredService<ICredentialResolver>(),
            sp.GetRequiredService<ICredentialContextAccessor>(),
            sp.GetService<ICredentialTemplateCatalog>(),
            sp.GetService<ICredentialTokenRefresher>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Http")));
        return builder;
    }
}
