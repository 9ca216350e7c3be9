using Credentials.Storage;

namespace Credentials;

/// <summary>
/// Retirement in a stored ring: an authenticated entry appended to the log (bound to its number, the retired key's entry
/// number and id), then the retired key's own entry replaced by an authenticated tombstone, which erases its material.
/// </summary>
/// <remarks>
/// Deleting the retirement entry leaves a gap (refused as damage) or, when it is the last entry, leaves the tombstone,
/// which proves the retirement on its own. Putting an old copy of the key's entry back while the retirement entry is there
/// brings the material back but not the key: the loader reads the key as retired and never uses it. Only putting back the
/// old key entry and deleting a retirement that is the last entry together (with the store's fence row) returns to the
/// state before the retirement: that is a rollback of the database, which nothing inside the database can tell apart
/// from the real past.
/// </remarks>
internal sealed partial class StoredKeyRingProvider
{
    public async Task MarkRetiredAsync(string keyId, DateTimeOffset retiredAt, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var log = await ReadLogAsync(cancellationToken).ConfigureAwait(false);
                Apply(log);
                if (!log.KeyEntries.TryGetValue(keyId, out var keyIndex))
                {
                    throw new CredentialException($"The key ring kept in the credential store has no key '{keyId}'.");
                }

                if (await TryCompleteAsync(log, keyId, keyIndex, retiredAt, cancellationToken).ConfigureAwait(false))
                {
                    Apply(await ReadLogAsync(cancellationToken).ConfigureAwait(false));
                    return;
                }

                if (attempt == MaxRotationAttempts)
                {
                    throw new CredentialException("The key ring kept in the credential store kept changing while retiring a key; try again.");
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One step towards "retirement entry present, key entry a tombstone"; true once both hold.</summary>
    private async Task<bool> TryCompleteAsync(StoredKeyRingLog log, string keyId, int keyIndex, DateTimeOffset retiredAt, CancellationToken cancellationToken)
    {
        var (keyBytes, keyEntry) = log.Entries[keyIndex];
        if (keyEntry.Kind == StoredKeyRingEntry.TombstoneKind)
        {
            return true;
        }

        // The retirement first (insert-once, at the next number): from the moment it commits the key is retired for every
        // reader, whatever happens next.
        var retirement = log.Entries.FirstOrDefault(e => e.Value.Entry.Kind == StoredKeyRingEntry.RetirementKind && e.Value.Entry.KeyIndex == keyIndex);
        if (retirement.Value.Entry is null)
        {
            var index = log.Count + 1;
            var entry = StoredKeyRingLog.NewRetirement(_ringKey!, index, keyIndex, keyId, retiredAt);
            await _storage.TryAddSettingAsync(EntrySetting(index), StoredKeyRingLog.Serialize(entry), cancellationToken).ConfigureAwait(false);
            return false; // Read again: the number may have been taken by another process's entry.
        }

        // Then the material goes: the key's entry becomes a tombstone, by a compare-and-swap on the bytes just read.
        var retiredSince = retirement.Value.Entry.RetiredAt!.Value;
        var tombstone = StoredKeyRingLog.NewTombstone(_ringKey!, keyIndex, keyId, keyEntry.CreatedAt, retirement.Key, retiredSince);
        await _storage.ReplaceSettingAsync(EntrySetting(keyIndex), keyBytes, StoredKeyRingLog.Serialize(tombstone), cancellationToken).ConfigureAwait(false);
        return false;
    }
}
