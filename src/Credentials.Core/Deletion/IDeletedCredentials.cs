namespace Credentials;

/// <summary>
/// Soft-deleted credentials, as in Azure Key Vault: <c>ICredentialStore.DeleteAsync</c> keeps a credential, sealed, for
/// <see cref="CredentialsOptions.DeletedRetention"/>. Meanwhile it never resolves or lists as active, its key is free for a
/// new credential, and it can be listed here, recovered (with its assignments) or purged. Thread-safe; every operation
/// but <see cref="PurgeExpiredAsync"/> is scoped to one organization. Nothing here decrypts a secret.
/// </summary>
public interface IDeletedCredentials
{
    /// <summary>The organization's deleted credentials still within their retention, ordered by key, the most recently deleted first.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<DeletedCredentialView>> ListAsync(OrganizationId org, CancellationToken cancellationToken = default) =>
        ListAsync(new CredentialContext(org), cancellationToken);

    /// <summary>
    /// The deleted credentials the context may see (in a user's context: the organization's shared ones and the user's
    /// own), still within their retention, ordered by key, the most recently deleted first.
    /// </summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<DeletedCredentialView>> ListAsync(CredentialContext context, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a deleted credential active again with its id, key, values and assignments. The registered
    /// <see cref="IConsumerDeletionHandler"/>s are told first (and can stop it by throwing).
    /// </summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The deleted credential's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The recovered credential's card.</returns>
    /// <exception cref="CredentialNotFoundException">No deleted credential with that id in the organization, or its retention has passed.</exception>
    /// <exception cref="CredentialConflictException">Another credential now has its key; rename or delete that one first. Nothing changed.</exception>
    /// <exception cref="CredentialConsumerException">A consumer handler failed; nothing was recovered.</exception>
    Task<CredentialView> RecoverAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default) =>
        RecoverAsync(new CredentialContext(org), id, cancellationToken);

    /// <summary>Recovers a deleted credential the context may see (see the organization overload).</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="id">The deleted credential's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The recovered credential's card.</returns>
    /// <exception cref="CredentialNotFoundException">No deleted credential with that id the context may see, or its retention has passed.</exception>
    /// <exception cref="CredentialConflictException">The owner has another credential with its key now. Nothing changed.</exception>
    /// <exception cref="CredentialConsumerException">A consumer handler failed; nothing was recovered.</exception>
    Task<CredentialView> RecoverAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default);

    /// <summary>Removes a deleted credential and its assignments for good, before its retention ends; false when there was none.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The deleted credential's id (an active credential is never purged: delete it first).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> PurgeAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default) =>
        PurgeAsync(new CredentialContext(org), id, cancellationToken);

    /// <summary>Purges a deleted credential the context may see; false when there was none.</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="id">The deleted credential's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> PurgeAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Purges, in every organization, the deleted credentials whose retention has passed (by the registered
    /// <see cref="TimeProvider"/>). Call it from a scheduled job; until then expired credentials are neither listed nor
    /// recoverable, but their sealed data stays stored.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many credentials were purged.</returns>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default);
}
