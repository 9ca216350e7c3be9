namespace Credentials.Storage;

/// <summary>Assignments: which consumers use which credential. Every call is scoped to one organization.</summary>
public partial interface ICredentialStorage
{
    /// <summary>
    /// Records that a consumer uses a credential, when that credential exists (and is not deleted) in the assignment's
    /// organization. Assigning the same consumer again succeeds and changes nothing but the display name, which a null
    /// <see cref="AssignmentRecord.DisplayName"/> keeps. The existence check and the write are one atomic step.
    /// </summary>
    /// <param name="assignment">The assignment.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see cref="StorageWriteResult.Success"/>, or <see cref="StorageWriteResult.NotFound"/> (nothing stored).</returns>
    Task<StorageWriteResult> AssignAsync(AssignmentRecord assignment, CancellationToken cancellationToken = default) =>
        AssignAsync(assignment, null, cancellationToken);

    /// <summary>Removes one assignment (of an active or a soft-deleted credential); false when there was none.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="credentialId">The credential.</param>
    /// <param name="consumerKind">The consumer kind's name.</param>
    /// <param name="consumerId">The consumer's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> UnassignAsync(string organizationId, Guid credentialId, string consumerKind, string consumerId, CancellationToken cancellationToken = default) =>
        UnassignAsync(organizationId, credentialId, consumerKind, consumerId, null, cancellationToken);

    /// <summary>
    /// The assignments of one credential, active or soft-deleted (a soft-deleted credential keeps them so a recovery
    /// restores them), ordered by consumer kind, then consumer id (ordinal). Reads no sealed secret.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="credentialId">The credential.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<AssignmentRecord>> ListAssignmentsAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The metadata (never the sealed secret) of the active credentials assigned to one consumer, ordered by key
    /// (ordinal). Soft-deleted credentials are left out.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="consumerKind">The consumer kind's name.</param>
    /// <param name="consumerId">The consumer's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<CredentialMetadataRecord>> ListAssignedCredentialsAsync(string organizationId, string consumerKind, string consumerId, CancellationToken cancellationToken = default);
}
