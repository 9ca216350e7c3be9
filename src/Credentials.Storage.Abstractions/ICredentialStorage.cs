namespace Credentials.Storage;

/// <summary>
/// Where sealed credentials live. Implementations store and return bytes and metadata exactly as given,
/// scope every query by organization, apply each change atomically, and are safe to call from many threads.
/// The conformance test suite (<c>tests/Credentials.Storage.Conformance</c>) states the contract as tests.
/// </summary>
/// <remarks>
/// Outcomes a caller acts on come back as values (<see cref="StorageWriteResult"/>, null, false). Every failure of the
/// store itself (I/O, a full disk, a read-only or damaged file, a database busy past its timeout, a lost or refused
/// connection, a schema newer than the provider) is thrown as <see cref="CredentialStorageException"/>, with the driver's
/// exception inside and <see cref="CredentialStorageException.IsTransient"/> telling whether a retry may succeed; never as
/// the driver's own exception. A cancellation is an <see cref="OperationCanceledException"/>. Argument misuse throws the
/// BCL's argument exceptions.
/// </remarks>
public partial interface ICredentialStorage
{
    /// <summary>
    /// Creates or migrates the schema. Idempotent; safe to call from several threads or processes. A store whose schema
    /// is already current is only read, so a store the process cannot write can still be opened for reading.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CredentialStorageException">The store cannot be reached, created or migrated, or its schema is newer than the provider's.</exception>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Finds a credential by id within one organization.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<CredentialRecord?> FindByIdAsync(string organizationId, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Finds a shared credential (no owner) by key within one organization (ordinal match).</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="key">The credential key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<CredentialRecord?> FindByKeyAsync(string organizationId, string key, CancellationToken cancellationToken = default) =>
        FindByKeyAsync(organizationId, null, key, cancellationToken);

    /// <summary>Finds what resolving a shared credential (no owner) by key needs.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="key">The credential key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<ResolvableCredentialRecord?> FindResolvableByKeyAsync(string organizationId, string key, CancellationToken cancellationToken = default) =>
        FindResolvableByKeyAsync(organizationId, null, key, cancellationToken);

    /// <summary>Finds a credential by owner and key within one organization (ordinal match).</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="ownerUserId">The owner; null for the organization's shared credential.</param>
    /// <param name="key">The credential key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<CredentialRecord?> FindByKeyAsync(string organizationId, string? ownerUserId, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds what resolving by owner and key needs (the hot path of every tool call). The default reads the whole record
    /// through <see cref="FindByKeyAsync(string, string?, string, CancellationToken)"/>; providers override it with a
    /// narrower, faster read.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="ownerUserId">The owner; null for the organization's shared credential.</param>
    /// <param name="key">The credential key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    async Task<ResolvableCredentialRecord?> FindResolvableByKeyAsync(string organizationId, string? ownerUserId, string key, CancellationToken cancellationToken = default)
    {
        var record = await FindByKeyAsync(organizationId, ownerUserId, key, cancellationToken).ConfigureAwait(false);
        return record is null ? null : new ResolvableCredentialRecord(record.Metadata.Id, record.Metadata.Type, record.KeyId, record.SealedSecret, record.Metadata.Version);
    }

    /// <summary>Lists metadata (never the sealed secret) ordered by key, filtered and limited by <paramref name="query"/>.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">Filters, keyset position and limit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<CredentialMetadataRecord>> ListAsync(string organizationId, CredentialStorageQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts a new credential; <see cref="StorageWriteResult.KeyConflict"/> when its key is taken by the same owner in
    /// its organization (or its id is taken), <see cref="StorageWriteResult.KeyRetired"/> when its key id is retired
    /// (checked in the same transaction).
    /// </summary>
    /// <param name="record">The credential to insert.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<StorageWriteResult> InsertAsync(CredentialRecord record, CancellationToken cancellationToken = default) =>
        InsertAsync(record, null, cancellationToken);

    /// <summary>
    /// Replaces a credential whose stored version equals <paramref name="expectedVersion"/>; the record carries the new version.
    /// The owner never changes (the record's owner is ignored).
    /// <see cref="StorageWriteResult.KeyRetired"/>, changing nothing, when the record's key id is retired (checked in the
    /// same transaction as the write).
    /// </summary>
    /// <param name="record">The new state of the credential.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<StorageWriteResult> UpdateAsync(CredentialRecord record, long expectedVersion, CancellationToken cancellationToken = default) =>
        UpdateAsync(record, expectedVersion, null, cancellationToken);

    /// <summary>
    /// Deletes an active credential whose stored version equals <paramref name="expectedVersion"/> for good, with its
    /// assignments, in one atomic step (no retention: the vault deletes with <see cref="SoftDeleteAsync(string, Guid, long, IReadOnlyCollection{AssignmentRecord}, DateTimeOffset, AuditEntry, CancellationToken)"/>).
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="id">The credential id.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<StorageWriteResult> DeleteAsync(string organizationId, Guid id, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Counts stored credentials per key-encryption key id, across all organizations; soft-deleted ones count (their secrets are still stored).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyDictionary<string, long>> CountByKeyIdAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists, across all organizations, up to <paramref name="limit"/> credentials whose key id is not
    /// <paramref name="keyId"/>, in the order of <see cref="SealedCredentialCursor"/> and after <paramref name="after"/>.
    /// A key rotation walks the store with it in batches.
    /// </summary>
    /// <param name="keyId">The key id to skip (the primary key).</param>
    /// <param name="after">Only credentials after this position, when set.</param>
    /// <param name="limit">The most rows to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<SealedCredentialRecord>> ListNotUnderKeyAsync(string keyId, SealedCredentialCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a batch of rewraps atomically per item (a provider may use one transaction for the batch): each sets key id
    /// and sealed bytes only where organization, id, key, version and key id still equal the expected ones, and changes
    /// nothing else (not the version, not the update time). A rewrap to a retired key id is not applied. Returns how many
    /// were applied; the others changed concurrently, were deleted, or would have gone under a retired key, and are left
    /// as they are.
    /// </summary>
    /// <param name="rewraps">The compare-and-swaps to apply.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<int> ReplaceSealedAsync(IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken = default);

    /// <summary>Reads a store-wide setting (for example the key check), or null.</summary>
    /// <param name="name">The setting's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<byte[]?> GetSettingAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Adds a store-wide setting unless one of that name exists; returns false when it already existed.</summary>
    /// <param name="name">The setting's name.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> TryAddSettingAsync(string name, byte[] value, CancellationToken cancellationToken = default);
}
