namespace Credentials.Storage;

/// <summary>
/// Key retirement and the fence that goes with it: once a key id is recorded as retired, no write that would store a
/// credential under it can commit, whichever process makes it.
/// </summary>
/// <remarks>
/// <para>
/// The fence: <see cref="InsertAsync(CredentialRecord, AuditEntry, CancellationToken)"/>, <see cref="UpdateAsync(CredentialRecord, long, AuditEntry, CancellationToken)"/>, <see cref="RestoreAsync(string, Guid, AuditEntry, CancellationToken)"/>,
/// <see cref="ReplaceSealedAsync"/> and <see cref="ReplaceDeletedSealedAsync"/> each check, in the same transaction as
/// their write, that the key id they write is not retired; <see cref="RetireKeyAsync(string, DateTimeOffset, AuditEntry, CancellationToken)"/> checks, in one transaction, that
/// nothing (active or soft-deleted) is wrapped under the key and records the retirement. A provider must make the two
/// exclude each other: of a write under a key and the retirement of that key, either the write commits first and the
/// retirement sees it (and is refused), or the retirement commits first and the write is refused with
/// <see cref="StorageWriteResult.KeyRetired"/> (a rewrap's swap is simply not applied).
/// </para>
/// <para>
/// The record is a fence between processes, not the authority on which keys are retired: the vault also records a
/// retirement in its key ring, where it is authenticated.
/// </para>
/// </remarks>
public partial interface ICredentialStorage
{
    /// <summary>
    /// Records <paramref name="keyId"/> as retired, in one atomic step with the check that no credential, active or
    /// soft-deleted, is wrapped under it. Idempotent: a key already retired stays so and returns 0.
    /// </summary>
    /// <param name="keyId">The key id to retire.</param>
    /// <param name="retiredAt">When it is retired (kept for operators; nothing depends on it).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>
    /// 0 when the key is now recorded as retired (or already was); otherwise how many credentials, active and
    /// soft-deleted, are still wrapped under it, and nothing was recorded.
    /// </returns>
    Task<long> RetireKeyAsync(string keyId, DateTimeOffset retiredAt, CancellationToken cancellationToken = default) =>
        RetireKeyAsync(keyId, retiredAt, null, cancellationToken);

    /// <summary>The key ids recorded as retired by <see cref="RetireKeyAsync(string, DateTimeOffset, AuditEntry, CancellationToken)"/>, ordered ordinally.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<string>> ListRetiredKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists, across all organizations, up to <paramref name="limit"/> soft-deleted credentials whose key id is not
    /// <paramref name="keyId"/>, ordered by key id, organization id and credential id (each ordinal; the id as its
    /// 32-digit lower-case hexadecimal form) and after <paramref name="after"/>. A key rotation walks the recycle bin with
    /// it, as it walks the active credentials with <see cref="ListNotUnderKeyAsync"/>.
    /// </summary>
    /// <param name="keyId">The key id to skip (the primary key).</param>
    /// <param name="after">Only credentials after this position, when set.</param>
    /// <param name="limit">The most rows to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<SealedCredentialRecord>> ListDeletedNotUnderKeyAsync(string keyId, DeletedCredentialCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="ReplaceSealedAsync"/> for soft-deleted credentials: each rewrap sets key id and sealed bytes only where
    /// organization, id, key, version and key id still equal the expected ones and the new key id is not retired, and
    /// changes nothing else (not the deletion time). Returns how many were applied.
    /// </summary>
    /// <param name="rewraps">The compare-and-swaps to apply.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<int> ReplaceDeletedSealedAsync(IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken = default);

    /// <summary>Every store-wide setting whose name starts with <paramref name="namePrefix"/> (ordinal), ordered by name (ordinal).</summary>
    /// <param name="namePrefix">The prefix, for example <c>key-ring/key/</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<SettingRecord>> ListSettingsAsync(string namePrefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a setting's value only while it still equals <paramref name="expectedValue"/> byte for byte (a
    /// compare-and-swap); false, changing nothing, when it differs or the setting does not exist. Settings are otherwise
    /// insert-once (<see cref="TryAddSettingAsync"/>); the vault uses this only to erase a retired key's material.
    /// </summary>
    /// <param name="name">The setting's name.</param>
    /// <param name="expectedValue">The value the caller read.</param>
    /// <param name="value">The new value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> ReplaceSettingAsync(string name, byte[] expectedValue, byte[] value, CancellationToken cancellationToken = default);
}
