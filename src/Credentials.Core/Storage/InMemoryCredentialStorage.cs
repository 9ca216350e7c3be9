using Credentials.Storage;

namespace Credentials;

/// <summary>Storage in a dictionary, for tests: same contract as the durable providers, gone with the process.</summary>
internal sealed partial class InMemoryCredentialStorage : ICredentialStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Org, Guid Id), CredentialRecord> _byId = [];
    // By organization, key, then owner ("" for the organization's shared credential): a listing's order.
    private readonly SortedDictionary<(string Org, string Key, string Owner), Guid> _byKey = new(KeyOrder.Instance);
    private readonly Dictionary<string, byte[]> _settings = new(StringComparer.Ordinal);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<CredentialRecord?> FindByIdAsync(string organizationId, Guid id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_byId.TryGetValue((organizationId, id), out var record) ? Copy(record) : null);
        }
    }

    public Task<CredentialRecord?> FindByKeyAsync(string organizationId, string? ownerUserId, string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_byKey.TryGetValue((organizationId, key, ownerUserId ?? string.Empty), out var id) ? Copy(_byId[(organizationId, id)]) : null);
        }
    }

    public Task<IReadOnlyList<CredentialMetadataRecord>> ListAsync(string organizationId, CredentialStorageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var results = new List<CredentialMetadataRecord>();
        lock (_lock)
        {
            var wantedOwner = query.OwnerUserId ?? string.Empty;
            foreach (var ((org, key, owner), id) in _byKey)
            {
                if (results.Count >= query.Limit)
                {
                    break;
                }

                if (!string.Equals(org, organizationId, StringComparison.Ordinal)
                    || (!query.AllOwners && !string.Equals(owner, wantedOwner, StringComparison.Ordinal))
                    || (query.AfterKey is not null && IsAtOrBefore(key, owner, query)))
                {
                    continue;
                }

                var metadata = _byId[(org, id)].Metadata;
                if ((query.Category is null || metadata.Category == query.Category)
                    && (query.Type is null || metadata.Type == query.Type)
                    && (string.IsNullOrEmpty(query.SearchText) || metadata.SearchText.Contains(query.SearchText, StringComparison.Ordinal)))
                {
                    results.Add(metadata);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<CredentialMetadataRecord>>(results);
    }

    public Task<StorageWriteResult> InsertAsync(CredentialRecord record, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var m = record.Metadata;
        lock (_lock)
        {
            if (_byKey.ContainsKey(KeyOf(m)) || _byId.ContainsKey((m.OrganizationId, m.Id)))
            {
                return Task.FromResult(StorageWriteResult.KeyConflict);
            }

            if (_retired.ContainsKey(record.KeyId))
            {
                return Task.FromResult(StorageWriteResult.KeyRetired);
            }

            // A new credential has not been used yet, whatever the record says.
            _byId[(m.OrganizationId, m.Id)] = Copy(record) with { Metadata = m with { LastUsedAt = null } };
            _byKey[KeyOf(m)] = m.Id;
            Append(audit);
            return Task.FromResult(StorageWriteResult.Success);
        }
    }

    public Task<StorageWriteResult> UpdateAsync(CredentialRecord record, long expectedVersion, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var m = record.Metadata;
        lock (_lock)
        {
            if (!_byId.TryGetValue((m.OrganizationId, m.Id), out var current))
            {
                return Task.FromResult(StorageWriteResult.NotFound);
            }

            if (current.Metadata.Version != expectedVersion)
            {
                return Task.FromResult(StorageWriteResult.VersionConflict);
            }

            if (_retired.ContainsKey(record.KeyId))
            {
                return Task.FromResult(StorageWriteResult.KeyRetired);
            }

            // The owner never changes, and the last-used time moves only by UpdateLastUsedAsync: the stored ones are kept.
            var next = Copy(record) with { Metadata = m with { OwnerUserId = current.Metadata.OwnerUserId, LastUsedAt = current.Metadata.LastUsedAt } };
            var keyChanged = !string.Equals(current.Metadata.Key, m.Key, StringComparison.Ordinal);
            if (keyChanged && _byKey.ContainsKey(KeyOf(next.Metadata)))
            {
                return Task.FromResult(StorageWriteResult.KeyConflict);
            }

            if (keyChanged)
            {
                _byKey.Remove(KeyOf(current.Metadata));
                _byKey[KeyOf(next.Metadata)] = m.Id;
            }

            _byId[(m.OrganizationId, m.Id)] = next;
            Append(audit);
            return Task.FromResult(StorageWriteResult.Success);
        }
    }

    public Task<StorageWriteResult> DeleteAsync(string organizationId, Guid id, long expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue((organizationId, id), out var current))
            {
                return Task.FromResult(StorageWriteResult.NotFound);
            }

            if (current.Metadata.Version != expectedVersion)
            {
                return Task.FromResult(StorageWriteResult.VersionConflict);
            }

            _byId.Remove((organizationId, id));
            _byKey.Remove(KeyOf(current.Metadata));
            _assignments.Remove((organizationId, id));
            return Task.FromResult(StorageWriteResult.Success);
        }
    }

    public Task<IReadOnlyDictionary<string, long>> CountByKeyIdAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyDictionary<string, long> counts = _byId.Values
                .Concat(_deleted.Values.Select(d => d.Record))
                .GroupBy(r => r.KeyId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
            return Task.FromResult(counts);
        }
    }

    public Task<IReadOnlyList<SealedCredentialRecord>> ListNotUnderKeyAsync(string keyId, SealedCredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        lock (_lock)
        {
            // The same order as the SQL providers: key id, organization, owner, key, each ordinal.
            IReadOnlyList<SealedCredentialRecord> page = _byId.Values
                .Where(r => !string.Equals(r.KeyId, keyId, StringComparison.Ordinal))
                .Where(r => after is null || CompareCursor(r, after) > 0)
                .OrderBy(r => r.KeyId, StringComparer.Ordinal)
                .ThenBy(r => r.Metadata.OrganizationId, StringComparer.Ordinal)
                .ThenBy(r => r.Metadata.OwnerUserId ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(r => r.Metadata.Key, StringComparer.Ordinal)
                .Take(limit)
                .Select(r => new SealedCredentialRecord(r.Metadata.OrganizationId, r.Metadata.Id, r.Metadata.Key, r.Metadata.Version, r.KeyId, r.SealedSecret.ToArray())
                {
                    OwnerUserId = r.Metadata.OwnerUserId,
                })
                .ToList();
            return Task.FromResult(page);
        }
    }

    public Task<int> ReplaceSealedAsync(IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewraps);
        var applied = 0;
        lock (_lock)
        {
            foreach (var rewrap in rewraps)
            {
                if (_byId.TryGetValue((rewrap.OrganizationId, rewrap.Id), out var current)
                    && current.Metadata.Version == rewrap.ExpectedVersion
                    && string.Equals(current.Metadata.Key, rewrap.Key, StringComparison.Ordinal)
                    && string.Equals(current.KeyId, rewrap.ExpectedKeyId, StringComparison.Ordinal)
                    && !_retired.ContainsKey(rewrap.KeyId))
                {
                    _byId[(rewrap.OrganizationId, rewrap.Id)] = current with { KeyId = rewrap.KeyId, SealedSecret = rewrap.SealedSecret.ToArray() };
                    applied++;
                }
            }
        }

        return Task.FromResult(applied);
    }

    public Task<byte[]?> GetSettingAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_settings.TryGetValue(name, out var value) ? (byte[]?)value.ToArray() : null);
        }
    }

    public Task<bool> TryAddSettingAsync(string name, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            return Task.FromResult(_settings.TryAdd(name, value.ToArray()));
        }
    }

    private static int CompareCursor(CredentialRecord record, SealedCredentialCursor cursor)
    {
        var order = string.CompareOrdinal(record.KeyId, cursor.KeyId);
        if (order == 0)
        {
            order = string.CompareOrdinal(record.Metadata.OrganizationId, cursor.OrganizationId);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(record.Metadata.OwnerUserId ?? string.Empty, cursor.OwnerUserId ?? string.Empty);
        }

        return order != 0 ? order : string.CompareOrdinal(record.Metadata.Key, cursor.Key);
    }

    private static (string Org, string Key, string Owner) KeyOf(CredentialMetadataRecord m) => (m.OrganizationId, m.Key, m.OwnerUserId ?? string.Empty);

    /// <summary>Whether a row at (key, owner) is at or before the keyset position of <paramref name="query"/>.</summary>
    private static bool IsAtOrBefore(string key, string owner, CredentialStorageQuery query)
    {
        var order = string.CompareOrdinal(key, query.AfterKey);
        return order < 0 || (order == 0 && (!query.AllOwners || string.CompareOrdinal(owner, query.AfterOwnerUserId ?? string.Empty) <= 0));
    }

    // Callers must not be able to change stored bytes through an array they still hold (a real database copies too).
    private static CredentialRecord Copy(CredentialRecord record) => record with { SealedSecret = record.SealedSecret.ToArray() };

    private sealed class KeyOrder : IComparer<(string Org, string Key, string Owner)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((string Org, string Key, string Owner) x, (string Org, string Key, string Owner) y)
        {
            var order = string.CompareOrdinal(x.Org, y.Org);
            if (order == 0)
            {
                order = string.CompareOrdinal(x.Key, y.Key);
            }

            return order != 0 ? order : string.CompareOrdinal(x.Owner, y.Owner);
        }
    }
}
