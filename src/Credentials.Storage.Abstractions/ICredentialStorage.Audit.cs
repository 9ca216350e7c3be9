namespace Credentials.Storage;

/// <summary>
/// The audit trail: every audited write takes an <see cref="AuditEntry"/> and appends it in the same transaction as its
/// change (nothing is appended when the write changes nothing), and <see cref="AppendAuditAsync"/> appends one on its own
/// for events that are not a write of the store (a check, a key rotation, a rewrap run).
/// </summary>
/// <remarks>
/// <para>
/// Each organization's records form one chain (store-wide events: the chain of the empty organization id). An append
/// reads the chain's head (<see cref="AuditChainHead"/>), gives the record the next sequence, has the entry's signer
/// compute its MAC over the head's MAC, inserts the record and moves the head, all in the write's transaction. Appends
/// to one chain are serialized by the provider (SQLite: its single writer; PostgreSQL: a row lock on the chain's head,
/// taken last in the transaction, after every other lock and only around local statements; in memory: its lock), so
/// the chain never forks. Nothing is held across a call outside the store.
/// </para>
/// <para>
/// The old overloads without an entry append nothing; the vault always passes one.
/// </para>
/// </remarks>
public partial interface ICredentialStorage
{
    /// <summary><see cref="InsertAsync(CredentialRecord, CancellationToken)"/>, appending <paramref name="audit"/> when the insert succeeds.</summary>
    /// <param name="record">The credential to insert.</param>
    /// <param name="audit">The audit record to append in the same transaction, or null for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<StorageWriteResult> InsertAsync(CredentialRecord record, AuditEntry? audit, CancellationToken cancellationToken = default);

    /// <summary><see cref="UpdateAsync(CredentialRecord, long, CancellationToken)"/>, appending <paramref name="audit"/> when the update succeeds.</summary>
    /// <param name="record">The new state of the credential.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="audit">The audit record to append in the same transaction, or null for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<StorageWriteResult> UpdateAsync(CredentialRecord record, long expectedVersion, AuditEntry? audit, CancellationToken cancellationToken = default);

    /// <summary>The soft delete, appending <paramref name="audit"/> when it succeeds.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="expectedAssignments">The assignments the caller read (and dealt with).</param>
    /// <param name="deletedAt">When the credential is deleted.</param>
    /// <param name="audit">The audit record to append in the same transaction, or null for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<StorageWriteResult> SoftDeleteAsync(
        string organizationId,
        Guid id,
        long expectedVersion,
        IReadOnlyCollection<AssignmentRecord> expectedAssignments,
        DateTimeOffset deletedAt,
        AuditEntry? audit,
        CancellationToken cancellationToken = default);

    /// <summary>The restore of a soft-deleted credential, appending <paramref name="audit"/> when it succeeds.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="audit">The audit record to append in the same transaction, or null for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<StorageWriteResult> RestoreAsync(string organizationId, Guid id, AuditEntry? audit, CancellationToken cancellationToken = default);

    /// <summary>The purge of a soft-deleted credential, appending <paramref name="audit"/> when one was purged.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="audit">The audit record to append in the same transaction, or null for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> PurgeAsync(string organizationId, Guid id, AuditEntry? audit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The store-wide purge of credentials deleted at or before <paramref name="cutoff"/>, appending, in the same
    /// transaction, the entry <paramref name="audit"/> makes for each purged credential (to its organization's chain; chains
    /// are locked in ordinal order of organization id).
    /// </summary>
    /// <param name="cutoff">The latest deletion time to purge.</param>
    /// <param name="audit">Makes the audit record of one purged credential, or null for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<int> PurgeDeletedBeforeAsync(DateTimeOffset cutoff, Func<DeletedCredentialRecord, AuditEntry>? audit, CancellationToken cancellationToken = default);

    /// <summary>The assignment, appending <paramref name="audit"/> when it succeeds.</summary>
    /// <param name="assignment">The assignment.</param>
    /// <param name="audit">The audit record to append in the same transaction, or null for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<StorageWriteResult> AssignAsync(AssignmentRecord assignment, AuditEntry? audit, CancellationToken cancellationToken = default);

    /// <summary>The removal of an assignment, appending <paramref name="audit"/> when one was removed.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="credentialId">The credential.</param>
    /// <param name="consumerKind">The consumer kind's name.</param>
    /// <param name="consumerId">The consumer's id.</param>
    /// <param name="audit">The audit record to append in the same transaction, or null for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> UnassignAsync(string organizationId, Guid credentialId, string consumerKind, string consumerId, AuditEntry? audit, CancellationToken cancellationToken = default);

    /// <summary>The retirement of a key id, appending <paramref name="audit"/> when this call recorded it (not when it was already retired, nor when refused).</summary>
    /// <param name="keyId">The key id to retire.</param>
    /// <param name="retiredAt">When it is retired.</param>
    /// <param name="audit">The audit record to append in the same transaction, or null for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<long> RetireKeyAsync(string keyId, DateTimeOffset retiredAt, AuditEntry? audit, CancellationToken cancellationToken = default);

    /// <summary>Records a connection state, appending <paramref name="audit"/> in the same transaction.</summary>
    /// <param name="connection">The state.</param>
    /// <param name="audit">The audit record to append in the same transaction, or null for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task SetOAuthConnectionAsync(OAuthConnectionRecord connection, AuditEntry? audit, CancellationToken cancellationToken = default);

    /// <summary>Appends one audit record on its own (one transaction) and returns it as stored.</summary>
    /// <param name="entry">The record to append.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditRecord> AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>A page of one chain's records, filtered, in sequence order (ascending unless <see cref="AuditStorageQuery.Descending"/>).</summary>
    /// <param name="organizationId">The chain: the organization, or the empty string for store-wide events.</param>
    /// <param name="query">Filters, position and limit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<AuditRecord>> ListAuditAsync(string organizationId, AuditStorageQuery query, CancellationToken cancellationToken = default);

    /// <summary>The chain's head as last recorded by an append, or null when nothing was ever appended to it.</summary>
    /// <param name="organizationId">The chain.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditChainHead?> GetAuditHeadAsync(string organizationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves each credential's last-used time forward to the usage's time (never back; an absent or deleted credential is
    /// skipped), changing nothing else: not the version, not the update time, no change notice. Returns how many moved.
    /// </summary>
    /// <param name="usages">The usages, at most one per credential.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<int> UpdateLastUsedAsync(IReadOnlyList<CredentialUsage> usages, CancellationToken cancellationToken = default);

    /// <summary>
    /// Across all organizations, up to <paramref name="limit"/> active credentials (metadata only) whose expiry is at or
    /// before <paramref name="until"/>, ordered by expiry, organization and id, after <paramref name="after"/>.
    /// </summary>
    /// <param name="until">The latest expiry to list.</param>
    /// <param name="after">Only credentials after this position, when set.</param>
    /// <param name="limit">The most rows to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<CredentialMetadataRecord>> ListExpiringAsync(DateTimeOffset until, ExpiringCredentialCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Across all organizations, up to <paramref name="limit"/> recorded connection states equal to <paramref name="state"/>,
    /// ordered by organization and credential id, after <paramref name="after"/>.
    /// </summary>
    /// <param name="state">The state's wire name (for example <c>needs_reconnect</c>).</param>
    /// <param name="after">Only states after this position, when set.</param>
    /// <param name="limit">The most rows to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<OAuthConnectionRecord>> ListOAuthConnectionsAsync(string state, CredentialCursor? after, int limit, CancellationToken cancellationToken = default);
}
