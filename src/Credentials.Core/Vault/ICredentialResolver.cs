namespace Credentials;

/// <summary>How tools find their credential at run time: by organization and key. Thread-safe.</summary>
public interface ICredentialResolver
{
    /// <summary>The values of the credential with this key, as the type the tool needs.</summary>
    /// <typeparam name="T">The expected type, such as <see cref="ApiToken"/>.</typeparam>
    /// <param name="org">The organization.</param>
    /// <param name="key">The key, such as <c>OPENAI_API_KEY</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No credential with that key in the organization.</exception>
    /// <exception cref="CredentialTypeMismatchException">The credential is of another type.</exception>
    /// <exception cref="CredentialIntegrityException">The stored data failed authentication.</exception>
    Task<T> ResolveAsync<T>(OrganizationId org, string key, CancellationToken cancellationToken = default)
        where T : CredentialSecret;

    /// <summary>The values of the credential with this key, or null when there is none.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialIntegrityException">The stored data failed authentication.</exception>
    Task<CredentialSecret?> TryResolveAsync(OrganizationId org, string key, CancellationToken cancellationToken = default);
}
