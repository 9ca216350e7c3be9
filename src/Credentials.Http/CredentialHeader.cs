using System.Text;

namespace Credentials;

/// <summary>Which header a credential goes in and what its value is: the rules on <see cref="CredentialAuthenticationOptions"/>.</summary>
internal readonly record struct CredentialHeader(string Name, string Value)
{
    public const string Authorization = "Authorization";

    public static void CheckOptions(CredentialAuthenticationOptions options)
    {
        if (!Enum.IsDefined(options.Scope))
        {
            throw new ArgumentException("CredentialAuthenticationOptions.Scope is not a defined ResolveScope.", nameof(options));
        }

        if (options.HeaderName is not null && !HttpTokens.IsToken(options.HeaderName))
        {
            throw new ArgumentException("CredentialAuthenticationOptions.HeaderName must be an HTTP header name (an RFC 9110 token).", nameof(options));
        }

        if (options.HeaderScheme is not null && !HttpTokens.IsToken(options.HeaderScheme))
        {
            throw new ArgumentException("CredentialAuthenticationOptions.HeaderScheme must be an authentication scheme (an RFC 9110 token).", nameof(options));
        }
    }

    /// <summary>
    /// The header for <paramref name="secret"/>: the options' header and scheme when either is set, else the template's;
    /// a header name alone sends the value as it is, no name means <c>Authorization</c> with a scheme.
    /// </summary>
    /// <exception cref="InvalidOperationException">The type cannot be sent this way (a key pair without Basic, an SSH key, ...), or the value cannot be a header value.</exception>
    public static CredentialHeader For(string key, CredentialSecret secret, CredentialAuthenticationOptions options, CredentialTemplate? template)
    {
        var (name, scheme) = options.HeaderName is not null || options.HeaderScheme is not null
            ? (options.HeaderName, options.HeaderScheme)
            : (template?.HeaderName, template?.HeaderName is null ? template?.HeaderScheme : null);

        string value;
        if (scheme is null && name is not null)
        {
            value = Single(key, secret) ?? throw Refused(key, secret, $"only a single value can be sent as it is in {name}");
        }
        else
        {
            scheme ??= secret is UsernamePassword ? "Basic" : "Bearer";
            var parameter = string.Equals(scheme, "Basic", StringComparison.OrdinalIgnoreCase)
                ? Basic(key, secret)
                : Single(key, secret) ?? throw Refused(key, secret, $"it has no single value for the {scheme} scheme (a key pair is sent only with Basic)");
            value = scheme + " " + parameter;
        }

        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new InvalidOperationException($"The credential '{key}' holds a line break or NUL character, which an HTTP header cannot carry.");
        }

        return new(name ?? Authorization, value);
    }

    private static string? Single(string key, CredentialSecret secret) => secret switch
    {
        ApiToken token => token.Token,
        OAuth2 oauth => string.IsNullOrEmpty(oauth.AccessToken)
            ? throw new InvalidOperationException($"The OAuth 2.0 credential '{key}' has no access token yet: connect it (authorize the client) first.")
            : oauth.AccessToken,
        _ => null,
    };

    private static string Basic(string key, CredentialSecret secret)
    {
        var (user, password) = secret switch
        {
            KeyPair pair => (pair.ApiKey, pair.ApiSecret),
            UsernamePassword login => (login.Username, login.Password),
            _ => throw Refused(key, secret, "Basic needs two values (a key pair, or a user name with password)"),
        };

        return Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
    }

    private static InvalidOperationException Refused(string key, CredentialSecret secret, string why) =>
        new($"The credential '{key}' ({secret.Type.ToWireName()}) cannot be sent as an HTTP header: {why}. Set HeaderName or HeaderScheme in AddCredentialAuthentication, or use a credential of another type.");
}
