namespace Credentials;

/// <summary>OAuth 2.0 rules beyond the token fields: the token endpoint is an absolute https URL; an expiry in the past warns.</summary>
internal static class OAuth2Rules
{
    public const int MaxUrlLength = 2_048;

    public static void Check(OAuth2 oauth, DateTimeOffset now, List<CredentialValidationError> errors, List<CredentialValidationWarning> warnings)
    {
        if (oauth.TokenEndpoint is { } endpoint)
        {
            CheckEndpoint(endpoint, errors);
        }

        if (oauth.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            warnings.Add(new("expires_at", "is in the past, so the access token has expired; refresh it or clear expires_at"));
        }
    }

    private static void CheckEndpoint(string endpoint, List<CredentialValidationError> errors)
    {
        const string Field = "token_endpoint";
        if (endpoint.Length > MaxUrlLength)
        {
            CredentialValidator.AddError(errors, Field, $"must be at most {MaxUrlLength} characters");
        }
        else if (TokenRules.HasEdgeWhitespaceOrLineBreak(endpoint))
        {
            CredentialValidator.AddError(errors, Field, TokenRules.WhitespaceRule);
        }
        else if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc || string.IsNullOrEmpty(uri.Host))
        {
            CredentialValidator.AddError(errors, Field, "must be an absolute URL such as https://auth.example.com/oauth/token");
        }
        else if (!(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopbackName(uri))))
        {
            CredentialValidator.AddError(errors, Field, "must use https (http only for localhost, 127.0.0.1 or ::1)");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            CredentialValidator.AddError(errors, Field, "must not contain a user name or password; put the client's credentials in client_id and client_secret");
        }
        else if (!string.IsNullOrEmpty(uri.Fragment))
        {
            CredentialValidator.AddError(errors, Field, "must not contain a fragment (#...), as RFC 6749 requires");
        }
    }

    private static bool IsLoopbackName(Uri uri) =>
        uri.IdnHost is "localhost" or "127.0.0.1" or "::1" or "[::1]";
}
