namespace Credentials;

/// <summary>
/// The admin surface of an organization's credentials: create, list cards, edit without ever sending a secret back,
/// and delete with its impact. Thread-safe; every operation is scoped to one organization.
/// </summary>
/// <remarks>
/// Each operation comes in two forms. The <see cref="OrganizationId"/> form runs in the organization's own context (no
/// user): an administrator's, which may see and manage every credential of the organization, shared or personal (a
/// listing still shows only shared ones unless <see cref="CredentialQuery.IncludeAllUsers"/> is set). The
/// <see cref="CredentialContext"/> form with a user sees only the organization's shared credentials and that user's own:
/// another user's credential is "not found", never revealed.
/// </remarks>
public interface ICredentialStore
{
    /// <summary>Validates, seals and stores a new credential.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="credential">Name, key, category, values and (for a personal credential) the owner.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new credential's card.</returns>
    /// <exception cref="CredentialValidationException">A field breaks a rule; nothing was stored.</exception>
    /// <exception cref="CredentialConflictException">The key is used by another credential of the same owner in the organization.</exception>
    Task<CredentialView> CreateAsync(OrganizationId org, NewCredential credential, CancellationToken cancellationToken = default) =>
        CreateAsync(new CredentialContext(org), credential, cancellationToken);

    /// <summary>
    /// Validates, seals and stores a new credential. In a user's context, <see cref="NewCredential.OwnerUserId"/> must be
    /// null (a shared credential) or that user.
    /// </summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="credential">Name, key, category, values and (for a personal credential) the owner.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new credential's card.</returns>
    /// <exception cref="CredentialValidationException">A field breaks a rule (<c>owner_user_id</c> another user's); nothing was stored.</exception>
    /// <exception cref="CredentialConflictException">The key is used by another credential of the same owner in the organization.</exception>
    Task<CredentialView> CreateAsync(CredentialContext context, NewCredential credential, CancellationToken cancellationToken = default);

    /// <summary>Creates a credential with a template's name, key, type and category (and its pre-filled non-secret values where the secret leaves them blank).</summary>
    /// <param name="org">The organization.</param>
    /// <param name="templateId">The template id, such as <c>openai</c>.</param>
    /// <param name="secret">The values; its type must be the template's.</param>
    /// <param name="name">A name to use instead of the template's.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">Unknown template (<c>template_id</c>), wrong type, or a field breaks a rule.</exception>
    /// <exception cref="CredentialConflictException">The template's key is already used in the organization.</exception>
    Task<CredentialView> CreateFromTemplateAsync(OrganizationId org, string templateId, CredentialSecret secret, string? name = null, CancellationToken cancellationToken = default) =>
        CreateFromTemplateAsync(new CredentialContext(org), templateId, secret, name, CredentialOwnership.Organization, cancellationToken);

    /// <summary>
    /// Creates a credential from a template, shared by the organization or owned by the context's user ("my GitHub token").
    /// </summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="templateId">The template id, such as <c>github</c>.</param>
    /// <param name="secret">The values; its type must be the template's.</param>
    /// <param name="name">A name to use instead of the template's.</param>
    /// <param name="ownership">
    /// <see cref="CredentialOwnership.User"/> makes it the context user's own (the context must name a user).
    /// </param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">Unknown template, wrong type, a field breaks a rule, or a personal credential without a user.</exception>
    /// <exception cref="CredentialConflictException">The owner already has a credential with the template's key.</exception>
    Task<CredentialView> CreateFromTemplateAsync(
        CredentialContext context,
        string templateId,
        CredentialSecret secret,
        string? name = null,
        CredentialOwnership ownership = CredentialOwnership.Organization,
        CancellationToken cancellationToken = default);

    /// <summary>The card of one credential, or null. Decrypts nothing.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<CredentialView?> GetAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default) =>
        GetAsync(new CredentialContext(org), id, cancellationToken);

    /// <summary>The card of one credential the context may see, or null. Decrypts nothing.</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<CredentialView?> GetAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default);

    /// <summary>The card of the organization's shared credential with this key, or null. Decrypts nothing.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="key">The key, such as <c>OPENAI_API_KEY</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<CredentialView?> GetByKeyAsync(OrganizationId org, string key, CancellationToken cancellationToken = default) =>
        GetByKeyAsync(new CredentialContext(org), key, CredentialOwnership.Organization, cancellationToken);

    /// <summary>The card of the shared credential, or of the context user's own, with this key; null when there is none.</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="key">The key.</param>
    /// <param name="ownership">Whose: the organization's shared one, or the context user's own (the context must name a user).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<CredentialView?> GetByKeyAsync(CredentialContext context, string key, CredentialOwnership ownership, CancellationToken cancellationToken = default);

    /// <summary>The edit form: non-secret values pre-filled, secret fields empty with a "value stored" flag.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization.</exception>
    /// <exception cref="CredentialIntegrityException">The stored data failed authentication.</exception>
    Task<CredentialEditForm> GetForEditAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default) =>
        GetForEditAsync(new CredentialContext(org), id, cancellationToken);

    /// <summary>The edit form of a credential the context may see.</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential the context may see.</exception>
    /// <exception cref="CredentialIntegrityException">The stored data failed authentication.</exception>
    Task<CredentialEditForm> GetForEditAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of cards ordered by key, filtered by category, type, text and owner. By default only the organization's
    /// shared credentials; <see cref="CredentialQuery.OwnerUserId"/> lists one user's own; <see cref="CredentialQuery.IncludeAllUsers"/>
    /// lists all. Decrypts nothing.
    /// </summary>
    /// <param name="org">The organization.</param>
    /// <param name="query">Filters and paging; null lists the first page of the shared credentials.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">A page size out of range or a damaged continuation token.</exception>
    Task<CredentialPage> ListAsync(OrganizationId org, CredentialQuery? query = null, CancellationToken cancellationToken = default) =>
        ListAsync(new CredentialContext(org), query, cancellationToken);

    /// <summary>
    /// A page of cards the context may see. In a user's context, <see cref="CredentialQuery.OwnerUserId"/> may only name
    /// that user and <see cref="CredentialQuery.IncludeAllUsers"/> is refused (it is an administrator's view).
    /// </summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">A filter the context may not use, a page size out of range or a damaged continuation token.</exception>
    Task<CredentialPage> ListAsync(CredentialContext context, CredentialQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Every card that <see cref="ListAsync(OrganizationId, CredentialQuery?, CancellationToken)"/> would list, page after page.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="query">Filters; its page size is the size of each read, its continuation token where to start.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<CredentialView> ListAllAsync(OrganizationId org, CredentialQuery? query = null, CancellationToken cancellationToken = default) =>
        ListAllAsync(new CredentialContext(org), query, cancellationToken);

    /// <summary>Every card that <see cref="ListAsync(CredentialContext, CredentialQuery?, CancellationToken)"/> would list, page after page.</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="query">Filters; its page size is the size of each read, its continuation token where to start.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<CredentialView> ListAllAsync(CredentialContext context, CredentialQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Changes a credential; blank secret fields keep the stored values.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="update">What to change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization.</exception>
    /// <exception cref="CredentialValidationException">A field breaks a rule or the type differs; nothing changed.</exception>
    /// <exception cref="CredentialConflictException">The new key is used by another credential.</exception>
    /// <exception cref="CredentialConcurrencyException">The expected version is stale.</exception>
    Task<CredentialView> UpdateAsync(OrganizationId org, CredentialId id, CredentialUpdate update, CancellationToken cancellationToken = default) =>
        UpdateAsync(new CredentialContext(org), id, update, cancellationToken);

    /// <summary>Changes a credential the context may see; blank secret fields keep the stored values. The owner never changes.</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="update">What to change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential the context may see.</exception>
    /// <exception cref="CredentialValidationException">A field breaks a rule or the type differs; nothing changed.</exception>
    /// <exception cref="CredentialConflictException">The new key is used by another credential of the same owner.</exception>
    /// <exception cref="CredentialConcurrencyException">The expected version is stale.</exception>
    Task<CredentialView> UpdateAsync(CredentialContext context, CredentialId id, CredentialUpdate update, CancellationToken cancellationToken = default);

    /// <summary>
    /// What deleting the credential would do, without doing it: every consumer assigned to it with its effect, grouped by
    /// kind, and the confirmation's summary ("2 LLM configs unlinked, 1 skill updated"). Decrypts nothing.
    /// </summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization.</exception>
    Task<DeletionImpact> PreviewDeleteAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default) =>
        PreviewDeleteAsync(new CredentialContext(org), id, cancellationToken);

    /// <summary>What deleting a credential the context may see would do, without doing it.</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential the context may see.</exception>
    Task<DeletionImpact> PreviewDeleteAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default);

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
    Task<DeletionImpact> DeleteAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default) =>
        DeleteAsync(new CredentialContext(org), id, cancellationToken);

    /// <summary>Deletes a credential the context may see (see <see cref="DeleteAsync(OrganizationId, CredentialId, CancellationToken)"/>).</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential the context may see.</exception>
    /// <exception cref="CredentialConsumerException">A consumer handler failed; nothing was deleted.</exception>
    /// <exception cref="CredentialConcurrencyException">The credential or its assignments kept changing; nothing was deleted.</exception>
    Task<DeletionImpact> DeleteAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default);
}
