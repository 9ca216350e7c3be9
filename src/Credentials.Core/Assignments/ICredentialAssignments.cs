namespace Credentials;

/// <summary>
/// Which consumers (LLM configurations, skills, tool definitions, runtimes, or a host's own kinds) use which credential:
/// what a card shows as "used by 3" and what a deletion's impact is computed from. Thread-safe; every operation is
/// scoped to one organization. Nothing here decrypts a secret. The <see cref="CredentialContext"/> overloads with a user
/// reach only the organization's shared credentials and that user's own (another user's is "not found").
/// </summary>
public interface ICredentialAssignments
{
    /// <summary>
    /// Records that a consumer uses a credential. Assigning the same consumer again changes nothing but its display
    /// name (a null or blank one keeps the stored name). A consumer may hold several credentials.
    /// </summary>
    /// <param name="org">The organization.</param>
    /// <param name="credential">The credential.</param>
    /// <param name="consumer">The consumer; its kind must be registered (built-ins or <c>AddConsumerKind</c>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">
    /// The consumer breaks a rule (<c>consumer.kind</c>: required, registered, at most 64 characters, no control
    /// characters; <c>consumer.id</c>: required, at most 256 characters, no control characters;
    /// <c>consumer.display_name</c>: at most 200 characters, no control characters). Nothing was stored.
    /// </exception>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization (or it is deleted). Nothing was stored.</exception>
    Task AssignAsync(OrganizationId org, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken = default) =>
        AssignAsync(new CredentialContext(org), credential, consumer, cancellationToken);

    /// <summary>Records that a consumer uses a credential the context may see (see the organization overload).</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="credential">The credential.</param>
    /// <param name="consumer">The consumer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">The consumer breaks a rule. Nothing was stored.</exception>
    /// <exception cref="CredentialNotFoundException">No such credential the context may see. Nothing was stored.</exception>
    Task AssignAsync(CredentialContext context, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken = default);

    /// <summary>Removes an assignment; false when the consumer did not hold the credential.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="credential">The credential.</param>
    /// <param name="consumer">The consumer (kind and id; the display name is ignored).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">The consumer breaks a rule (see <c>AssignAsync</c>).</exception>
    Task<bool> UnassignAsync(OrganizationId org, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken = default) =>
        UnassignAsync(new CredentialContext(org), credential, consumer, cancellationToken);

    /// <summary>Removes an assignment of a credential the context may see; false when there was none (or the context may not see it).</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="credential">The credential.</param>
    /// <param name="consumer">The consumer (kind and id).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">The consumer breaks a rule.</exception>
    Task<bool> UnassignAsync(CredentialContext context, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken = default);

    /// <summary>
    /// The consumers of a credential, ordered as their kinds are registered, then by id. Decrypts nothing, so a card can
    /// show "used by 3".
    /// </summary>
    /// <param name="org">The organization.</param>
    /// <param name="credential">The credential.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential in the organization (or it is deleted).</exception>
    Task<IReadOnlyList<ConsumerRef>> ListConsumersAsync(OrganizationId org, CredentialId credential, CancellationToken cancellationToken = default) =>
        ListConsumersAsync(new CredentialContext(org), credential, cancellationToken);

    /// <summary>The consumers of a credential the context may see.</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="credential">The credential.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialNotFoundException">No such credential the context may see.</exception>
    Task<IReadOnlyList<ConsumerRef>> ListConsumersAsync(CredentialContext context, CredentialId credential, CancellationToken cancellationToken = default);

    /// <summary>The cards of the credentials a consumer holds, ordered by key; deleted credentials are left out. Decrypts nothing.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="consumer">The consumer (kind and id).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">The consumer breaks a rule (see <c>AssignAsync</c>).</exception>
    Task<IReadOnlyList<CredentialView>> ListCredentialsAsync(OrganizationId org, ConsumerRef consumer, CancellationToken cancellationToken = default) =>
        ListCredentialsAsync(new CredentialContext(org), consumer, cancellationToken);

    /// <summary>The cards of the credentials a consumer holds that the context may see, ordered by key. Decrypts nothing.</summary>
    /// <param name="context">The organization and, optionally, the user acting.</param>
    /// <param name="consumer">The consumer (kind and id).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialValidationException">The consumer breaks a rule.</exception>
    Task<IReadOnlyList<CredentialView>> ListCredentialsAsync(CredentialContext context, ConsumerRef consumer, CancellationToken cancellationToken = default);
}
