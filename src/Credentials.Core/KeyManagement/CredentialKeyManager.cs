using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Lists, rotates and retires key-encryption keys, and rewraps data keys (see <c>CredentialKeyManager.Rewrap.cs</c>).
/// Rotation and retirement are serialized in this process; across processes the rings' insert-once entries and the
/// store's retired-key fence (<see cref="ICredentialStorage.RetireKeyAsync(string, DateTimeOffset, AuditEntry, CancellationToken)"/>) make them safe.
/// </summary>
internal sealed partial class CredentialKeyManager(
    ICredentialStorage storage,
    IKeyEncryptionKeyProvider keys,
    CredentialsInitializer initializer,
    KeyRetirements retirements,
    ResolveCache cache,
    IOptions<RewrapOptions> options,
    TimeProvider time,
    AuditTrail audit,
    AuditKey auditKey,
    ILoggerFactory? loggerFactory = null) : ICredentialKeyManager, IDisposable
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Keys");
    private readonly SemaphoreSlim _keyGate = new(1, 1);
    private readonly SemaphoreSlim _rewrapGate = new(1, 1);

    public Task<IReadOnlyList<CredentialKeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default) =>
        Traced.RunStoreAsync("credentials.keys.list", () => ListKeysCoreAsync(cancellationToken));

    public Task<CredentialKeyInfo> RotateAsync(CancellationToken cancellationToken = default) =>
        Traced.RunStoreAsync("credentials.keys.rotate", () => RotateCoreAsync(cancellationToken));

    public Task RetireAsync(string keyId, CancellationToken cancellationToken = default) =>
        Traced.RunStoreAsync("credentials.keys.retire", async () => { await RetireCoreAsync(keyId, cancellationToken).ConfigureAwait(false); return true; });

    private async Task<IReadOnlyList<CredentialKeyInfo>> ListKeysCoreAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);

        // The counts are store-wide: re-read the keys first, so keys another instance added or retired are listed as they are.
        await initializer.RefreshKeysAsync(cancellationToken).ConfigureAwait(false);
        var counts = await storage.CountByKeyIdAsync(cancellationToken).ConfigureAwait(false);
        var primary = keys.PrimaryKey.KeyId;
        var infos = new List<CredentialKeyInfo>(keys.Keys.Count);
        foreach (var keyId in KnownKeyIds())
        {
            infos.Add(await DescribeAsync(keyId, primary, counts, cancellationToken).ConfigureAwait(false));
        }

        return [.. infos.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    private async Task<CredentialKeyInfo> RotateCoreAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);

        // During a key migration the configured (new) provider rotates; the previous one is only read.
        var writer = MigratingKeyProvider.WriterOf(keys);
        if (writer is not IRotatableKeyEncryptionKeyProvider rotatable)
        {
            throw new CredentialException(
                $"The configured key provider ({writer.GetType().Name}) cannot rotate keys. Use a key ring (UseKeyFile, UsePassphrase, " +
                "ProtectKeysWithDataProtection), or rotate outside the vault: configure the new key as primary with the old one still " +
                "available for unwrapping (UseMasterKey(newKey).MigrateKeysFromMasterKey(oldKey)), restart, then call " +
                "ICredentialKeyMigration.MigrateAsync (or RewrapAsync and RetireAsync).");
        }

        await _keyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = keys.PrimaryKey.KeyId;
            IKeyEncryptionKey key;
            if (writer is IStagedKeyRotation staged)
            {
                // The store learns the new key (its key check) before the ring makes it primary: if the store cannot be written
                // (a full disk), nothing has rotated, and a caller that retries does not add keys. A check left by a failed
                // activation names a key no ring has, and is ignored.
                using var created = staged.CreateKey();
                await initializer.RegisterKeyAsync(created.Key, cancellationToken).ConfigureAwait(false);
                key = await staged.ActivateAsync(created, CancellationToken.None).ConfigureAwait(false);
                await AnnounceAsync(key).ConfigureAwait(false);
            }
            else
            {
                // A provider from outside (a KMS) rotates in its device; the store records the key at the first write under it.
                key = await rotatable.RotateAsync(cancellationToken).ConfigureAwait(false);
            }

            KeyLog.KeyRotated(_logger, key.KeyId, previous);

            // The audit key gets a wrap under the new primary (so it outlives the old key's retirement), then the record.
            // Not in the rotation's transaction: a key file or a KMS rotates outside the store.
            await auditKey.EnsureWrappedUnderPrimaryAsync(CancellationToken.None).ConfigureAwait(false);
            await audit.AppendAsync(
                AuditTrail.StoreScope, AuditAction.KeyRotated, null, null, [new("key_id", key.KeyId), new("previous_key_id", previous)], CancellationToken.None)
                .ConfigureAwait(false);
            await CompleteRingRetirementsAsync(CancellationToken.None).ConfigureAwait(false);
            var counts = await storage.CountByKeyIdAsync(CancellationToken.None).ConfigureAwait(false);
            return await DescribeAsync(key.KeyId, keys.PrimaryKey.KeyId, counts, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _keyGate.Release();
        }
    }

    private async Task RetireCoreAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await _keyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!retirements.IsRetired(keyId) && keys.FindKey(keyId) is null)
            {
                // Perhaps another instance rotated to it: re-read before saying it is unknown.
                await initializer.EnsureKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
                if (!retirements.IsRetired(keyId) && keys.FindKey(keyId) is null)
                {
                    throw new CredentialException($"The configured key provider has no key '{keyId}'.");
                }
            }

            if (string.Equals(keys.PrimaryKey.KeyId, keyId, StringComparison.Ordinal))
            {
                throw new CredentialException($"Key '{keyId}' is the primary key and cannot be retired. Rotate to a new key, rewrap, then retire it.");
            }

            var now = time.GetUtcNow();
            await CompleteRingRetirementsAsync(cancellationToken).ConfigureAwait(false);

            // First the store's fence: in one transaction it checks that nothing, active or deleted, is wrapped under the key
            // and records the retirement, so no instance's write can commit under the key after this.
            // The audit key must stay openable once this key's material is gone: wrapped under the primary first.
            await auditKey.EnsureWrappedUnderPrimaryAsync(cancellationToken).ConfigureAwait(false);
            var entry = await audit.EntryAsync(AuditTrail.StoreScope, AuditAction.KeyRetired, null, null, [new("key_id", keyId)], cancellationToken)
                .ConfigureAwait(false);
            var wrapped = await storage.RetireKeyAsync(keyId, now, entry, cancellationToken).ConfigureAwait(false);
            if (wrapped > 0)
            {
                throw new CredentialException(
                    $"Key '{keyId}' still wraps {wrapped} credential(s) (deleted ones included) and cannot be retired. " +
                    "Run RewrapAsync (or RewrapInBackground) until its count is 0, then retire it.");
            }

            cache.Clear();
            retirements.Add(keyId);

            // Then the ring, where it is authenticated (and, for a stored ring, where the key's material is erased). Only once
            // nothing is wrapped under the key: never erase a key that still opens something. A crash in between leaves the
            // key retired by the fence; retiring again, or the next rotation, completes the ring's record.
            if (keys is IKeyRingMetadata ring)
            {
                await ring.MarkRetiredAsync(keyId, now, CancellationToken.None).ConfigureAwait(false);
            }

            KeyLog.KeyRetired(_logger, keyId);
        }
        finally
        {
            _keyGate.Release();
        }
    }

    public void Dispose()
    {
        _keyGate.Dispose();
        _rewrapGate.Dispose();
    }

    /// <summary>
    /// Records in the ring every retirement the store's fence holds but the ring does not: a retirement interrupted after
    /// its fence, or one made before retirements lived in the ring (copied into the fence by the schema migration). Only
    /// for keys nothing is wrapped under: a retirement made by an earlier version could have raced a write (the defect the
    /// fence closes), and the material of a key that still wraps a credential is never erased; such credentials are
    /// logged at start-up.
    /// </summary>
    private async Task CompleteRingRetirementsAsync(CancellationToken cancellationToken)
    {
        if (keys is not IKeyRingMetadata ring)
        {
            return;
        }

        var pending = (await storage.ListRetiredKeysAsync(cancellationToken).ConfigureAwait(false))
            .Where(id => !ring.RetiredKeyIds.Contains(id) && keys.FindKey(id) is not null && !string.Equals(keys.PrimaryKey.KeyId, id, StringComparison.Ordinal))
            .ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var counts = await storage.CountByKeyIdAsync(cancellationToken).ConfigureAwait(false);
        foreach (var keyId in pending.Where(id => counts.GetValueOrDefault(id) == 0))
        {
            await ring.MarkRetiredAsync(keyId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One store write after the ring changed, so that instances that follow the store's changes (PostgreSQL's
    /// LISTEN/NOTIFY on <c>key-</c> settings) re-read the ring now, not before the change: a key file changes outside the
    /// store. Best effort: the rotation is complete already, and an instance that misses it re-reads its ring when it first
    /// meets the new key.
    /// </summary>
    private async Task AnnounceAsync(IKeyEncryptionKey key)
    {
        try
        {
            await storage.TryAddSettingAsync(KeySettings.Created(key.KeyId), KeySettings.EncodeTime(time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any storage failure (a full disk, a lost connection) only delays other instances; the rotation stands.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            KeyLog.RotationNotAnnounced(_logger, ex, key.KeyId);
        }
    }

    /// <summary>Every key the provider has, and the retired ones a stored ring keeps no material for.</summary>
    private IEnumerable<string> KnownKeyIds()
    {
        var ids = keys.Keys.Select(k => k.KeyId).ToList();
        if (keys is IKeyRingMetadata ring)
        {
            ids.AddRange(ring.RetiredKeyIds.Where(id => !ids.Contains(id, StringComparer.Ordinal)));
        }

        return ids;
    }

    private async Task<CredentialKeyInfo> DescribeAsync(string keyId, string primary, IReadOnlyDictionary<string, long> counts, CancellationToken cancellationToken)
    {
        var createdAt = (keys as IKeyRingMetadata)?.GetCreatedAt(keyId)
            ?? KeySettings.DecodeTime(await storage.GetSettingAsync(KeySettings.Created(keyId), cancellationToken).ConfigureAwait(false))
            ?? time.GetUtcNow();
        return new CredentialKeyInfo(
            keyId,
            createdAt,
            string.Equals(keyId, primary, StringComparison.Ordinal),
            retirements.IsRetired(keyId),
            counts.GetValueOrDefault(keyId));
    }
}
