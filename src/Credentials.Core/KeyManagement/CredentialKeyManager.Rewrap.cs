using Credentials.Storage;

namespace Credentials;

/// <summary>
/// The rewrap pass. It walks the store (active credentials, then the recycle bin) in batches of credentials not under the
/// primary key, rewraps each data key (payload untouched), and writes each batch as guarded compare-and-swaps in one
/// transaction. Nothing is kept between runs: "not yet under the primary" is the resume point, so a crash at any instant
/// loses nothing and the next run continues where the last committed batch ended.
/// </summary>
internal sealed partial class CredentialKeyManager
{
    // A credential changed concurrently is skipped in one pass and normally written under the primary by that change;
    // a few more passes pick up the rest. Anything still left is reported as Remaining.
    private const int MaxPasses = 3;

    public Task<RewrapResult> RewrapAsync(IProgress<RewrapProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Traced.RunStoreAsync("credentials.keys.rewrap", () => RewrapTracedAsync(progress, cancellationToken));

    private async Task<RewrapResult> RewrapTracedAsync(IProgress<RewrapProgress>? progress, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await _rewrapGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RewrapCoreAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _rewrapGate.Release();
        }
    }

    private async Task<RewrapResult> RewrapCoreAsync(IProgress<RewrapProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var batchSize = options.Value.BatchSize;
        // Another instance may have rotated (or retired this one's primary): rewrap under the newest key. Nothing to do
        // writes nothing (a rewrap in the background must not fail on a store opened read-only).
        await initializer.RefreshKeysAsync(cancellationToken).ConfigureAwait(false);
        var total = await CountNotUnderAsync(keys.PrimaryKey.KeyId, cancellationToken).ConfigureAwait(false);
        var primary = total > 0 ? await initializer.PrepareWriteAsync(cancellationToken).ConfigureAwait(false) : keys.PrimaryKey;
        if (total > 0)
        {
            KeyLog.RewrapStarted(_logger, primary.KeyId, total);
        }

        var walk = new RewrapWalk(progress, total, _logger);
        var failed = new HashSet<(string, Guid)>();
        long remaining = total;
        for (var pass = 0; pass < MaxPasses && total > 0; pass++)
        {
            // Each pass under the current primary: another instance may have rotated (and retired this one's) meanwhile.
            primary = pass == 0 ? primary : await PrimaryForRewrapAsync(cancellationToken).ConfigureAwait(false);
            walk.Pass = pass;

            // The active credentials, then the recycle bin (a soft-deleted credential still holds a secret under its key, and
            // a key cannot be retired while one does), each in batches of compare-and-swaps.
            SealedCredentialCursor? cursor = null;
            while (await storage.ListNotUnderKeyAsync(primary.KeyId, cursor, batchSize, cancellationToken).ConfigureAwait(false) is { Count: > 0 } batch)
            {
                cursor = new SealedCredentialCursor(batch[^1].KeyId, batch[^1].OrganizationId, batch[^1].Key) { OwnerUserId = batch[^1].OwnerUserId };
                await ApplyAsync(batch, primary, failed, walk, storage.ReplaceSealedAsync, cancellationToken).ConfigureAwait(false);
                if (batch.Count < batchSize)
                {
                    break;
                }
            }

            DeletedCredentialCursor? deletedCursor = null;
            while (await storage.ListDeletedNotUnderKeyAsync(primary.KeyId, deletedCursor, batchSize, cancellationToken).ConfigureAwait(false) is { Count: > 0 } batch)
            {
                deletedCursor = new DeletedCredentialCursor(batch[^1].KeyId, batch[^1].OrganizationId, batch[^1].Id);
                await ApplyAsync(batch, primary, failed, walk, storage.ReplaceDeletedSealedAsync, cancellationToken).ConfigureAwait(false);
                if (batch.Count < batchSize)
                {
                    break;
                }
            }

            remaining = await CountNotUnderAsync(keys.PrimaryKey.KeyId, CancellationToken.None).ConfigureAwait(false);

            // Done when everything left is a credential that cannot be opened. Otherwise something moved behind the walk
            // (changed concurrently, renamed, written under an older key by another process, or the primary changed): walk again.
            if (remaining <= failed.Count && ReferenceEquals(primary, keys.PrimaryKey))
            {
                break;
            }
        }

        if (walk.Done < total)
        {
            progress?.Report(new RewrapProgress(total, total));
        }

        var duration = time.GetElapsedTime(started);
        var result = new RewrapResult(primary.KeyId, walk.Rewrapped, walk.Conflicts, failed.Count, remaining, duration);
        if (total > 0)
        {
            KeyLog.RewrapFinished(_logger, primary.KeyId, walk.Rewrapped, walk.Conflicts, failed.Count, remaining, (long)duration.TotalMilliseconds);

            // A run with nothing to do writes nothing (and leaves no record): a background rewrap on a settled store is silent.
            await audit.AppendAsync(
                AuditTrail.StoreScope,
                AuditAction.RewrapRun,
                null,
                null,
                [
                    new("key_id", primary.KeyId),
                    new("rewrapped", walk.Rewrapped.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("conflicts", walk.Conflicts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("failed", failed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ],
                CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// The primary to rewrap under: the keys are re-read once per pass (another instance may have rotated, or retired this
    /// one's primary, meanwhile: a rewrap under an older key would move credentials backwards, one under a retired key
    /// would only have its swaps refused), and the primary is recorded in the store.
    /// </summary>
    private async Task<IKeyEncryptionKey> PrimaryForRewrapAsync(CancellationToken cancellationToken)
    {
        await initializer.RefreshKeysAsync(cancellationToken).ConfigureAwait(false);
        return await initializer.PrepareWriteAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ApplyAsync(
        IReadOnlyList<SealedCredentialRecord> batch,
        IKeyEncryptionKey primary,
        HashSet<(string, Guid)> failed,
        RewrapWalk walk,
        Func<IReadOnlyList<RewrappedCredential>, CancellationToken, Task<int>> replace,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rewraps = new List<RewrappedCredential>(batch.Count);
        foreach (var record in batch)
        {
            if (TryRewrap(record, primary, failed) is { } rewrap)
            {
                rewraps.Add(rewrap);
            }
        }

        // Not cancellable once the batch is computed: it is one transaction, applied whole or not at all.
        var applied = await replace(rewraps, CancellationToken.None).ConfigureAwait(false);
        walk.Applied(batch.Count, rewraps.Count, applied);
    }

    /// <summary>The compare-and-swap for one credential, or null when its data key cannot be unwrapped (counted once as failed).</summary>
    private RewrappedCredential? TryRewrap(SealedCredentialRecord record, IKeyEncryptionKey primary, HashSet<(string, Guid)> failed)
    {
        if (failed.Contains((record.OrganizationId, record.Id)))
        {
            return null;
        }

        try
        {
            var current = keys.FindKey(record.KeyId);
            if (current is null || retirements.IsRetired(record.KeyId))
            {
                throw new CredentialIntegrityException($"Key '{record.KeyId}' is missing or retired.");
            }

            var sealedSecret = CredentialEnvelope.Rewrap(current, primary, record.OrganizationId, record.Id, record.SealedSecret);
            return new RewrappedCredential(record.OrganizationId, record.Id, record.Key, record.Version, record.KeyId, primary.KeyId, sealedSecret)
            {
                OwnerUserId = record.OwnerUserId,
            };
        }
        catch (CredentialIntegrityException)
        {
            failed.Add((record.OrganizationId, record.Id));
            KeyLog.RewrapFailed(_logger, record.OrganizationId, record.Id, record.KeyId);
            return null;
        }
    }

    private async Task<long> CountNotUnderAsync(string keyId, CancellationToken cancellationToken)
    {
        var counts = await storage.CountByKeyIdAsync(cancellationToken).ConfigureAwait(false);
        return counts.Where(c => !string.Equals(c.Key, keyId, StringComparison.Ordinal)).Sum(c => c.Value);
    }
}
