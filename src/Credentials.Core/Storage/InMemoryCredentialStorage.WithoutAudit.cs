using Credentials.Storage;

namespace Credentials;

/// <summary>The writes without an audit record (the storage contract's earlier overloads), kept callable on the class.</summary>
internal sealed partial class InMemoryCredentialStorage
{
    /// <inheritdoc/>
    public Task<StorageWriteResult> InsertAsync(CredentialRecord record, CancellationToken cancellationToken = default) =>
        InsertAsync(record, null, cancellationToken);

    /// <inheritdoc/>
    public Task<StorageWriteResult> UpdateAsync(CredentialRecord record, long expectedVersion, CancellationToken cancellationToken = default) =>
        UpdateAsync(record, expectedVersion, null, cancellationToken);

    /// <inheritdoc/>
    public Task<StorageWriteResult> SoftDeleteAsync(
        string organizationId,
        Guid id,
        long expectedVersion,
        IReadOnlyCollection<AssignmentRecord> expectedAssignments,
        DateTimeOffset deletedAt,
        CancellationToken cancellationToken = default) =>
        SoftDeleteAsync(organizationId, id, expectedVersion, expectedAssignments, deletedAt, null, cancellationToken);

    /// <inheritdoc/>
    public Task<StorageWriteResult> RestoreAsync(string organizationId, Guid id, CancellationToken cancellationToken = default) =>
        RestoreAsync(organizationId, id, null, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> PurgeAsync(string organizationId, Guid id, CancellationToken cancellationToken = default) =>
        PurgeAsync(organizationId, id, null, cancellationToken);

    /// <inheritdoc/>
    public Task<int> PurgeDeletedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        PurgeDeletedBeforeAsync(cutoff, null, cancellationToken);

    /// <inheritdoc/>
    public Task<StorageWriteResult> AssignAsync(AssignmentRecord assignment, CancellationToken cancellationToken = default) =>
        AssignAsync(assignment, null, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> UnassignAsync(string organizationId, Guid credentialId, string consumerKind, string consumerId, CancellationToken cancellationToken = default) =>
        UnassignAsync(organizationId, credentialId, consumerKind, consumerId, null, cancellationToken);

    /// <inheritdoc/>
    public Task<long> RetireKeyAsync(string keyId, DateTimeOffset retiredAt, CancellationToken cancellationToken = default) =>
        RetireKeyAsync(keyId, retiredAt, null, cancellationToken);

    /// <inheritdoc/>
    public Task SetOAuthConnectionAsync(OAuthConnectionRecord connection, CancellationToken cancellationToken = default) =>
        SetOAuthConnectionAsync(connection, null, cancellationToken);
}
