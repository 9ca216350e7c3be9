namespace Credentials;

/// <summary>
/// Create and update driven by a form's field map, for hosts that render forms from <see cref="ICredentialSchemas"/>.
/// Keys are wire names: <c>name</c>, <c>key</c>, <c>category</c> and the type's fields (<c>token</c>, <c>port</c>...).
/// Values are text as a form posts them; the same rules and the same blank-keeps rule as the typed API apply.
/// </summary>
public interface ICredentialForms
{
    /// <summary>Creates a credential of <paramref name="type"/> from form fields.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="type">The type selected in the form.</param>
    /// <param name="fields">The posted fields by wire name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">Unknown fields, unparsable values or broken rules; nothing was stored.</exception>
    /// <exception cref="CredentialConflictException">The key is used by another credential.</exception>
    Task<CredentialView> CreateAsync(OrganizationId org, CredentialType type, IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken = default) =>
        CreateAsync(new CredentialContext(org), type, fields, CredentialOwnership.Organization, cancellationToken);

    /// <summary>Creates a credential of <paramref name="type"/> from form fields, shared or owned by the context's user.</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="type">The type selected in the form.</param>
    /// <param name="fields">The posted fields by wire name.</param>
    /// <param name="ownership"><see cref="CredentialOwnership.User"/> makes it the context user's own (the context must name a user).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">Unknown fields, unparsable values or broken rules; nothing was stored.</exception>
    /// <exception cref="CredentialConflictException">The key is used by another credential of the same owner.</exception>
    Task<CredentialView> CreateAsync(
        CredentialContext context,
        CredentialType type,
        IReadOnlyDictionary<string, string?> fields,
        CredentialOwnership ownership = CredentialOwnership.Organization,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a credential from a template and form fields: the template gives key, category, type and the default name
    /// (a posted <c>name</c> replaces it); its pre-filled non-secret values fill fields left blank.
    /// </summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="templateId">The template id, such as <c>github</c>.</param>
    /// <param name="fields">The posted fields by wire name: the template type's fields and optionally <c>name</c>.</param>
    /// <param name="ownership"><see cref="CredentialOwnership.User"/> makes it the context user's own (the context must name a user).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">Unknown template or fields, unparsable values or broken rules; nothing was stored.</exception>
    /// <exception cref="CredentialConflictException">The owner already has a credential with the template's key.</exception>
    Task<CredentialView> CreateFromTemplateAsync(
        CredentialContext context,
        string templateId,
        IReadOnlyDictionary<string, string?> fields,
        CredentialOwnership ownership = CredentialOwnership.Organization,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Updates a credential from form fields: an absent field keeps its value, a blank secret field keeps the stored
    /// secret, and any other posted field replaces the stored value.
    /// </summary>
    /// <param name="org">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="fields">The posted fields by wire name.</param>
    /// <param name="expectedVersion">The version the form was rendered from, if the host tracks it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">Unknown fields, unparsable values or broken rules; nothing changed.</exception>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization.</exception>
    /// <exception cref="CredentialConflictException">The new key is used by another credential.</exception>
    /// <exception cref="CredentialConcurrencyException">The expected version is stale.</exception>
    Task<CredentialView> UpdateAsync(OrganizationId org, CredentialId id, IReadOnlyDictionary<string, string?> fields, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(new CredentialContext(org), id, fields, expectedVersion, cancellationToken);

    /// <summary>Updates a credential the context may see from form fields (see the organization overload).</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="fields">The posted fields by wire name.</param>
    /// <param name="expectedVersion">The version the form was rendered from, if the host tracks it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">Unknown fields, unparsable values or broken rules; nothing changed.</exception>
    /// <exception cref="CredentialNotFoundException">No such credential the context may see.</exception>
    /// <exception cref="CredentialConflictException">The new key is used by another credential of the same owner.</exception>
    /// <exception cref="CredentialConcurrencyException">The expected version is stale.</exception>
    Task<CredentialView> UpdateAsync(CredentialContext context, CredentialId id, IReadOnlyDictionary<string, string?> fields, long? expectedVersion = null, CancellationToken cancellationToken = default);
}
