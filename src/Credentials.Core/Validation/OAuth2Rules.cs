namespace Credentials;

/// <summary>
/// OAuth 2.0 rules beyond the token fields: endpoints, issuer and resource are absolute https URLs; scopes are RFC 6749
/// scope tokens; a client_credentials client names where to get tokens; an expiry in the past warns.
/// </summary>
internal static class OAuth2Rules
{
    public const int MaxUrlLength = 2_048;
    public const int MaxScopesLength = 2_048;

    public static void Check(OAuth2 oauth, DateTimeOffset now, List<CredentialValidationError> errors, List<CredentialValidationWarning> warnings)
    {
        if (!Enum.IsDefined(oauth.GrantType))
        {
            CredentialValidator.AddError(errors, "grant_type", "must be one of " + string.Join(", ", CredentialWireNames.OAuth2GrantTypes));
        }

        CheckUrl("authorization_endpoint", oauth.AuthorizationEndpoint, "https://auth.example.com/oauth/authorize", errors);
        CheckUrl("token_endpoint", oauth.TokenEndpoint, "https://auth.example.com/oauth/token", errors);
        CheckUrl("issuer", oauth.Issuer, "https://auth.example.com", errors);
        CheckUrl("resource", oauth.Resource, "https://mcp.example.com/mcp", errors);
        CheckScopes(oauth.Scopes, errors);

        if (oauth.GrantType == OAuth2GrantType.ClientCredentials)
        {
            if (string.IsNullOrEmpty(oauth.TokenEndpoint) && string.IsNullOrEmpty(oauth.Issuer))
            {
                CredentialValidator.AddError(errors, "token_endpoint", "is required for grant_type client_credentials (or set issuer, whose metadata names it)");
            }

            if (string.IsNullOrEmpty(oauth.ClientSecret))
            {
                CredentialValidator.AddError(errors, "client_secret", "is required for grant_type client_credentials: the client authenticates as itself");
            }
        }

        if (oauth.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            warnings.Add(new("expires_at", "is in the past, so the access token has expired; refresh it or clear expires_at"));
        }
    }

    private static void CheckUrl(string field, string? value, string example, List<CredentialValidationError> errors)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > MaxUrlLength)
        {
            CredentialValidator.AddError(errors, field, $"must be at most {MaxUrlLength} characters");
        }
        else if (TokenRules.HasEdgeWhitespaceOrLineBreak(value))
        {
            CredentialValidator.AddError(errors, field, TokenRules.WhitespaceRule);
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc || string.IsNullOrEmpty(uri.Host))
        {
            CredentialValidator.AddError(errors, field, $"must be an absolute URL such as {example}");
        }
        else if (!(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopbackName(uri))))
        {
            CredentialValidator.AddError(errors, field, "must use https (http only for localhost, 127.0.0.1 or ::1)");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            CredentialValidator.AddError(errors, field, "must not contain a user name or password; put the client's credentials in client_id and client_secret");
        }
        else if (!string.IsNullOrEmpty(uri.Fragment))
        {
            CredentialValidator.AddError(errors, field, "must not contain a fragment (#...), as RFC 6749 requires");
        }
    }

    /// <summary>RFC 6749 §3.3: scope tokens of printable ASCII except space, double quote and backslash, separated by spaces.</summary>
    private static void CheckScopes(string? scopes, List<CredentialValidationError> errors)
    {
        if (scopes is null)
        {
            return;
        }

        if (scopes.Length > MaxScopesLength)
        {
            CredentialValidator.AddError(errors, "scopes", $"must be at most {MaxScopesLength} characters");
            return;
        }

        foreach (var c in scopes)
        {
            if (c != ' ' && (c < '!' || c > '~' || c is '"' or '\\'))
            {
                CredentialValidator.AddError(errors, "scopes", "must be scope names of printable ASCII (no quotes or backslashes) separated by spaces, such as \"openid profile\"");
                return;
            }
        }
    }

    private static bool IsLoopbackName(Uri uri) =>
        uri.IdnHost is "localhost" or "127.0.0.1" or "::1" or "[::1]";
}
