namespace Credentials;

/// <summary>How an OAuth 2.0 credential gets its access tokens (wire names <c>authorization_code</c>, <c>client_credentials</c>).</summary>
public enum OAuth2GrantType
{
    /// <summary>A person authorizes once in the browser (authorization code with PKCE); the vault keeps and refreshes the tokens.</summary>
    AuthorizationCode,

    /// <summary>The client authenticates as itself (RFC 6749 §4.4); the vault mints a token when it needs one.</summary>
    ClientCredentials,
}
