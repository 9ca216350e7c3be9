namespace Credentials.Storage;

/// <summary>
/// Soft delete: a deleted credential keeps its id, key, metadata, sealed secret and assignments, but leaves every read
/// of active credentials (find, list, resolve, assignments by consumer) and frees its key for a new credential, until
/// it is restored or purged. Every call but <see cref="PurgeDeletedBeforeAsync(DateTimeOffset, Func{DeletedCredentialRecord, AuditEntry}, CancellationToken)"/> is scoped to one organization.
/// </summary>
public partial interface ICredentialStorage
{
    /// <summary>
    /// Moves an active credential whose stored version equals <paramref name="expectedVersion"/> to the deleted ones, in
    /// one atomic step. Its assignments stay with it. Returns <see cref="StorageWriteResult.VersionConflict"/>, changing
    /// nothing, when the version differs or when the credential has an assignment whose consumer (kind and id) is not
    /// among <paramref name="expectedAssignments"/>: a consumer assigned after the caller read the assignments was not
    /// told about the deletion. Assignments removed meanwhile are fine.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="expectedAssignments">The assignments the caller read (and dealt with).</param>
    /// <param name="deletedAt">When the credential is deleted.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<StorageWriteResult> SoftDeleteAsync(
        string organizationId,
        Guid id,
        long expectedVersion,
        IReadOnlyCollection<AssignmentRecord> expectedAssignments,
        DateTimeOffset deletedAt,
        CancellationToken cancellationToken = default) =>
        SoftDeleteAsync(organizationId, id, expectedVersion, expectedAssignments, deletedAt, null, cancellationToken);

    /// <summary>
    /// The soft-deleted credentials of an organization (metadata only), ordered by key (ordinal), then the most recently
    /// deleted first, then by id. Several may share a key.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<DeletedCredentialRecord>> ListDeletedAsync(string organizationId, CancellationToken cancellationToken = default);

    /// <summary>Finds a soft-deleted credential by id (metadata only), or null.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<DeletedCredentialRecord?> FindDeletedAsync(string organizationId, Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a soft-deleted credential active again, exactly as it was (id, key, metadata, version, key id and sealed
    /// bytes), with its assignments, in one atomic step. <see cref="StorageWriteResult.KeyConflict"/> when an active
    /// credential of the organization now has its key (or its id); <see cref="StorageWriteResult.NotFound"/> when there is
    /// no such deleted credential; <see cref="StorageWriteResult.KeyRetired"/> when its key id is retired (checked in the
    /// same transaction). In each case nothing changed.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<StorageWriteResult> RestoreAsync(string organizationId, Guid id, CancellationToken cancellationToken = default) =>
        RestoreAsync(organizationId, id, null, cancellationToken);

    /// <summary>
    /// Removes a soft-deleted credential and its assignments for good, in one atomic step; false when there is no such
    /// deleted credential (an active credential is never purged).
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> PurgeAsync(string organizationId, Guid id, CancellationToken cancellationToken = default) =>
        PurgeAsync(organizationId, id, null, cancellationToken);

    /// <summary>
    /// Purges, across all organizations, every soft-deleted credential deleted at or before <paramref name="cutoff"/>,
    /// with its assignments. Returns how many credentials were purged.
    /// </summary>
    /// <param name="cutoff">The latest deletion time to purge.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<int> PurgeDeletedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        PurgeDeletedBeforeAsync(cutoff, null, cancellationToken);
}
