namespace Credentials;

/// <summary>
/// The resolve hook of OAuth 2.0 credentials, implemented by the Credentials.OAuth package (absent without it). The
/// resolver asks <see cref="IsDue"/> only for an <see cref="OAuth2"/> credential, so other types pay one type test; an
/// unexpired token pays one time comparison. Only a due token goes to <see cref="GetFreshAsync"/> (network, leases).
/// </summary>
internal interface IOAuthTokenSource
{
    /// <summary>Whether the credential needs a token now: none yet for a client_credentials client, or its refresh time passed.</summary>
    /// <param name="secret">The credential as stored.</param>
    bool IsDue(OAuth2 secret);

    /// <summary>Returns the credential with a usable access token: refreshed or minted, or the current one when a refresh failed transiently.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="ownerUserId">The credential's owner; null for the organization's shared one.</param>
    /// <param name="key">The credential's key.</param>
    /// <param name="credentialId">The credential's id when the caller read it, else null (found by key).</param>
    /// <param name="current">The credential as read.</param>
    /// <param name="cancellationToken">Cancels the wait (not a refresh already on the wire for other callers).</param>
    /// <exception cref="CredentialReconnectRequiredException">The grant is gone (invalid_grant): the credential must be connected again.</exception>
    ValueTask<OAuth2> GetFreshAsync(string organizationId, string? ownerUserId, string key, Guid? credentialId, OAuth2 current, CancellationToken cancellationToken);
}
