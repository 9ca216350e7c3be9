namespace Credentials;

/// <summary>
/// Lets a host update its own records when a credential its consumers use is deleted (unlink an LLM configuration,
/// drop the credential from a skill's list) or recovered. Register with <c>AddConsumerDeletionHandler</c>; the kind
/// must be registered. Handlers are singletons; one that needs scoped services creates a scope.
/// </summary>
/// <remarks>
/// <para>
/// A deletion calls the handlers first, kind by kind in registration order, and deletes the credential only when every
/// handler succeeded. When one throws, nothing is deleted: the credential and its assignments stay, and the caller gets
/// a <see cref="CredentialConsumerException"/> naming the kind and consumers. The handlers that already ran are not
/// undone, and they run again when the deletion is retried (also when a concurrent change makes the vault retry), so
/// <b>handlers must be idempotent</b>: unlinking what is already unlinked must succeed.
/// </para>
/// <para>
/// The vault keeps the assignments of a deleted credential, so a recovery restores them; a handler need not unassign.
/// </para>
/// </remarks>
public interface IConsumerDeletionHandler
{
    /// <summary>The kind of consumer this handler updates.</summary>
    ConsumerKind Kind { get; }

    /// <summary>
    /// Called before a credential is deleted, with the consumers of <see cref="Kind"/> that hold it and what the
    /// deletion does to each. Throw to stop the deletion. Must be idempotent.
    /// </summary>
    /// <param name="org">The organization.</param>
    /// <param name="credential">The card of the credential being deleted.</param>
    /// <param name="consumers">The affected consumers of this kind (never empty).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task OnCredentialDeletedAsync(OrganizationId org, CredentialView credential, IReadOnlyList<ConsumerImpact> consumers, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called before a deleted credential is recovered, with the consumers of <see cref="Kind"/> whose assignments the
    /// recovery restores, so the host can link them again. Throw to stop the recovery. Must be idempotent. Does nothing
    /// unless implemented.
    /// </summary>
    /// <param name="org">The organization.</param>
    /// <param name="credential">The card of the credential being recovered.</param>
    /// <param name="consumers">The consumers of this kind (never empty).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task OnCredentialRecoveredAsync(OrganizationId org, CredentialView credential, IReadOnlyList<ConsumerRef> consumers, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
