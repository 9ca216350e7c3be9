namespace Credentials;

/// <summary>
/// How tools find their credential at run time: by organization (and, for personal credentials, user) and key.
/// Thread-safe.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Scope</term><description>Resolves</description></listheader>
/// <item><term>(organization overloads)</term><description>the organization's shared credential only</description></item>
/// <item><term><see cref="ResolveScope.Organization"/></term><description>the shared credential only, even when the context names a user who has their own</description></item>
/// <item><term><see cref="ResolveScope.User"/></term><description>the context user's own only; none is <see cref="CredentialConnectionRequiredException"/> (or null from TryResolve), never the shared one</description></item>
/// <item><term><see cref="ResolveScope.UserThenOrganization"/></term><description>the context user's own when there is one, else the shared one</description></item>
/// </list>
/// A user's credential never resolves for another user, nor in a context without that user.
/// </remarks>
public interface ICredentialResolver
{
    /// <summary>The values of the organization's shared credential with this key, as the type the tool needs.</summary>
    /// <typeparam name="T">The expected type, such as <see cref="ApiToken"/>.</typeparam>
    /// <param name="org">The organization.</param>
    /// <param name="key">The key, such as <c>OPENAI_API_KEY</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No credential with that key in the organization.</exception>
    /// <exception cref="CredentialTypeMismatchException">The credential is of another type.</exception>
    /// <exception cref="CredentialIntegrityException">The stored data failed authentication.</exception>
    Task<T> ResolveAsync<T>(OrganizationId org, string key, CancellationToken cancellationToken = default)
        where T : CredentialSecret;

    /// <summary>The values of the organization's shared credential with this key, or null when there is none.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialIntegrityException">The stored data failed authentication.</exception>
    Task<CredentialSecret?> TryResolveAsync(OrganizationId org, string key, CancellationToken cancellationToken = default);

    /// <summary>The values of the credential with this key in <paramref name="scope"/>, as the type the tool needs.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="context">The organization and the user the tool acts for.</param>
    /// <param name="key">The key.</param>
    /// <param name="scope">Whose credential may be used; always explicit (see the table on <see cref="ICredentialResolver"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ArgumentException"><see cref="ResolveScope.User"/> or <see cref="ResolveScope.UserThenOrganization"/> in a context without a user.</exception>
    /// <exception cref="CredentialConnectionRequiredException"><see cref="ResolveScope.User"/> and the user has no credential of their own with that key.</exception>
    /// <exception cref="CredentialNotFoundException">No credential with that key in the scope.</exception>
    /// <exception cref="CredentialTypeMismatchException">The credential is of another type.</exception>
    /// <exception cref="CredentialIntegrityException">The stored data failed authentication.</exception>
    Task<T> ResolveAsync<T>(CredentialContext context, string key, ResolveScope scope, CancellationToken cancellationToken = default)
        where T : CredentialSecret;

    /// <summary>The values of the credential with this key in <paramref name="scope"/>, or null when there is none there.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="context">The organization and the user the tool acts for.</param>
    /// <param name="key">The key.</param>
    /// <param name="scope">Whose credential may be used; always explicit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ArgumentException"><see cref="ResolveScope.User"/> or <see cref="ResolveScope.UserThenOrganization"/> in a context without a user.</exception>
    /// <exception cref="CredentialTypeMismatchException">The credential is of another type.</exception>
    /// <exception cref="CredentialIntegrityException">The stored data failed authentication.</exception>
    Task<T?> TryResolveAsync<T>(CredentialContext context, string key, ResolveScope scope, CancellationToken cancellationToken = default)
        where T : CredentialSecret;
}
