namespace Credentials;

/// <summary>
/// Optional: renews a credential that a server has just refused (HTTP 401), such as an OAuth 2.0 access token that was
/// revoked or expired early. The OAuth 2.0 package registers one; without any, nothing is retried. The HttpClient handler
/// of <c>AddCredentialAuthentication</c> calls it once per refused request and, when it returns true, resolves the
/// credential again and sends the request once more.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe and should renew once when many requests are refused with the same value at the
/// same time: when the stored value already differs from the <c>rejected</c> value given to
/// <see cref="TryRefreshAsync"/> (another caller renewed it), return true without renewing again.
/// </remarks>
public interface ICredentialTokenRefresher
{
    /// <summary>Renews the credential that <paramref name="key"/> resolves to in <paramref name="scope"/>, if it can be renewed.</summary>
    /// <param name="context">The organization and, optionally, the user the request was sent for.</param>
    /// <param name="key">The credential's key.</param>
    /// <param name="scope">The scope the credential was resolved in.</param>
    /// <param name="rejected">The values the refused request carried.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>
    /// True when resolving again gives a newer value worth one retry (renewed now, or by another caller meanwhile); false
    /// when this credential cannot be renewed (not an OAuth 2.0 credential, no refresh token), so the 401 stands.
    /// </returns>
    Task<bool> TryRefreshAsync(CredentialContext context, string key, ResolveScope scope, CredentialSecret rejected, CancellationToken cancellationToken = default);
}
