namespace Credentials;

/// <summary>
/// The admin surface of an organization's credentials: create, list cards, edit without ever sending a secret back,
/// and delete with its impact. Thread-safe; every operation is scoped to one organization.
/// </summary>
public interface ICredentialStore
{
    /// <summary>Validates, seals and stores a new credential.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="credential">Name, key, category and values.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new credential's card.</returns>
    /// <exception cref="CredentialValidationException">A field breaks a rule; nothing was stored.</exception>
    /// <exception cref="CredentialConflictException">The key is used by another credential of the organization.</exception>
    Task<CredentialView> CreateAsync(OrganizationId org, NewCredential credential, CancellationToken cancellationToken = default);

    /// <summary>Creates a credential with a template's name, key, type and category (and its pre-filled non-secret values where the secret leaves them blank).</summary>
    /// <param name="org">The organization.</param>
    /// <param name="templateId">The template id, such as <c>openai</c>.</param>
    /// <param name="secret">The values; its type must be the template's.</param>
    /// <param name="name">A name to use instead of the template's.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">Unknown template (<c>template_id</c>), wrong type, or a field breaks a rule.</exception>
    /// <exception cref="CredentialConflictException">The template's key is already used in the organization.</exception>
    Task<CredentialView> CreateFromTemplateAsync(OrganizationId org, string templateId, CredentialSecret secret, string? name = null, CancellationToken cancellationToken = default);

    /// <summary>The card of one credential, or null. Decrypts nothing.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<CredentialView?> GetAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default);

    /// <summary>The edit form: non-secret values pre-filled, secret fields empty with a "value stored" flag.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization.</exception>
    /// <exception cref="CredentialIntegrityException">The stored data failed authentication.</exception>
    Task<CredentialEditForm> GetForEditAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default);

    /// <summary>A page of cards ordered by key, filtered by category, type and text. Decrypts nothing.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="query">Filters and paging; null lists the first page of everything.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">A page size out of range or a damaged continuation token.</exception>
    Task<CredentialPage> ListAsync(OrganizationId org, CredentialQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Changes a credential; blank secret fields keep the stored values.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="update">What to change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization.</exception>
    /// <exception cref="CredentialValidationException">A field breaks a rule or the type differs; nothing changed.</exception>
    /// <exception cref="CredentialConflictException">The new key is used by another credential.</exception>
    /// <exception cref="CredentialConcurrencyException">The expected version is stale.</exception>
    Task<CredentialView> UpdateAsync(OrganizationId org, CredentialId id, CredentialUpdate update, CancellationToken cancellationToken = default);

    /// <summary>
    /// What deleting the credential would do, without doing it: every consumer assigned to it with its effect, grouped by
    /// kind, and the confirmation's summary ("2 LLM configs unlinked, 1 skill updated"). Decrypts nothing.
    /// </summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization.</exception>
    Task<DeletionImpact> PreviewDeleteAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the credential and returns the impact it applied. The registered <see cref="IConsumerDeletionHandler"/>s run
    /// first; then the credential is soft-deleted: it no longer resolves or lists, its key is free, and it is kept (sealed,
    /// with its assignments) for <see cref="CredentialsOptions.DeletedRetention"/> so <see cref="IDeletedCredentials"/> can
    /// recover or purge it.
    /// </summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization.</exception>
    /// <exception cref="CredentialConsumerException">A consumer handler failed; nothing was deleted.</exception>
    /// <exception cref="CredentialConcurrencyException">The credential or its assignments kept changing; nothing was deleted.</exception>
    Task<DeletionImpact> DeleteAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default);
}
