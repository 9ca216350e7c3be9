namespace Credentials;

/// <summary>Runs the registered live checks (<see cref="ICredentialCheck"/>) against a stored or a not-yet-saved credential.</summary>
public interface ICredentialChecker
{
    /// <summary>Opens the stored credential and runs every check registered for its type.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The credential.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>The results; no secret in any of them.</returns>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization.</exception>
    /// <exception cref="CredentialIntegrityException">The stored credential failed its integrity check.</exception>
    Task<CredentialCheckReport> CheckAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default) =>
        CheckAsync(new CredentialContext(org), id, cancellationToken);

    /// <summary>Opens a stored credential the context may see and runs every check registered for its type.</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="id">The credential.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>The results; no secret in any of them.</returns>
    /// <exception cref="CredentialNotFoundException">No such credential the context may see.</exception>
    /// <exception cref="CredentialIntegrityException">The stored credential failed its integrity check.</exception>
    Task<CredentialCheckReport> CheckAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default);

    /// <summary>Runs every check registered for the values' type, for example to test a form before saving it.</summary>
    /// <param name="secret">The values.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>The results; no secret in any of them.</returns>
    Task<CredentialCheckReport> CheckAsync(CredentialSecret secret, CancellationToken cancellationToken = default);
}
