namespace Credentials;

/// <summary>
/// The audit trail: who did what to which credential, and when, never a value. Every change is recorded in the same
/// transaction as the change itself; each organization's records form a chain where every record carries an HMAC over the
/// previous record's, so a deleted, edited or reordered record is found by <see cref="VerifyAsync"/>. Store-wide events
/// (key rotation, retirement, rewrap runs) form the store's own chain (<see cref="ListStoreAsync"/>).
/// </summary>
public interface ICredentialAudit
{
    /// <summary>A page of an organization's trail, filtered.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="query">Filters, order and page; all records oldest first when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="CredentialValidationException">A bad page size or continuation token.</exception>
    Task<AuditPage> ListAsync(OrganizationId org, AuditQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>A page of the store-wide trail (key rotation, retirement, rewrap runs), filtered.</summary>
    /// <param name="query">Filters, order and page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<AuditPage> ListStoreAsync(AuditQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Verifies an organization's whole chain; returns the first broken record, or null when every record verifies.</summary>
    /// <param name="org">The organization.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <exception cref="CredentialIntegrityException">The audit key cannot be opened by any configured key.</exception>
    Task<AuditBreak?> VerifyAsync(OrganizationId org, CancellationToken cancellationToken = default);

    /// <summary>Verifies the store-wide chain; returns the first broken record, or null.</summary>
    /// <param name="cancellationToken">Cancels the walk.</param>
    Task<AuditBreak?> VerifyStoreAsync(CancellationToken cancellationToken = default);
}
