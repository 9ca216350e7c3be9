namespace Credentials;

/// <summary>
/// Connects OAuth 2.0 credentials: the authorization-code flow with PKCE (S256) for a user's browser, the connection state
/// an admin screen shows, and dynamic client registration for MCP servers. Tokens are stored sealed like every secret and
/// never returned by these methods; <see cref="ICredentialResolver"/> returns them, refreshed when due.
/// </summary>
public interface ICredentialConnections
{
    /// <summary>
    /// Begins connecting an OAuth 2.0 credential: returns the authorization URL to send the user's browser to. The flow
    /// (organization, user, credential, PKCE verifier) is kept by the vault under a random, single-use state that expires
    /// after <see cref="OAuthOptions.StateLifetime"/>, so any instance sharing the store can complete it.
    /// </summary>
    /// <param name="context">Who connects: the organization and, for a user's own credential, the user.</param>
    /// <param name="credential">The OAuth 2.0 credential (grant type authorization_code).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization.</exception>
    /// <exception cref="CredentialTypeMismatchException">The credential is not OAuth 2.0.</exception>
    /// <exception cref="CredentialValidationException">It cannot be connected (client_credentials, no authorization endpoint).</exception>
    Task<OAuthAuthorization> BeginAsync(CredentialContext context, CredentialId credential, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes a flow from the authorization server's redirect: takes the state (once), exchanges the code with the PKCE
    /// verifier and stores access token, refresh token and absolute expiry in one write.
    /// </summary>
    /// <param name="callback">The query of the redirect: <c>state</c>, <c>code</c>, or <c>error</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The connected credential.</returns>
    /// <exception cref="CredentialValidationException">
    /// On <c>state</c>: unknown, already used or expired; on <c>code</c>: missing, refused, or the server sent an error. Nothing was stored.
    /// </exception>
    Task<CredentialView> CompleteAsync(OAuthCallback callback, CancellationToken cancellationToken = default);

    /// <summary>The connection state of an OAuth 2.0 credential, its token's expiry and scopes; never a token.</summary>
    /// <param name="context">Who asks.</param>
    /// <param name="credential">The OAuth 2.0 credential.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization.</exception>
    /// <exception cref="CredentialTypeMismatchException">The credential is not OAuth 2.0.</exception>
    Task<ConnectionStatus> GetStatusAsync(CredentialContext context, CredentialId credential, CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers this application as an OAuth 2.0 client of an MCP server's authorization server: reads the protected
    /// resource metadata (RFC 9728) at the resource, discovers the authorization server (RFC 8414, then OpenID discovery),
    /// registers a client (RFC 7591) and stores it as an OAuth 2.0 credential ready for <see cref="BeginAsync"/>.
    /// </summary>
    /// <param name="context">Who registers.</param>
    /// <param name="registration">Name and key of the new credential and the resource (or issuer) URL.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new credential.</returns>
    /// <exception cref="CredentialValidationException">Bad input, or the server offers no discovery or registration.</exception>
    /// <exception cref="CredentialConflictException">The key is taken.</exception>
    Task<CredentialView> RegisterClientAsync(CredentialContext context, OAuthClientRegistration registration, CancellationToken cancellationToken = default);
}
