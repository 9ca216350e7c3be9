using Credentials.Storage;

namespace Credentials;

/// <summary>
/// Retired keys, the recycle bin's rewrap and the settings list and swap. Everything runs under the one lock, so the
/// fence (a write under a key versus the key's retirement) holds trivially: each is one step under that lock.
/// </summary>
internal sealed partial class InMemoryCredentialStorage
{
    private readonly Dictionary<string, DateTimeOffset> _retired = new(StringComparer.Ordinal);

    public Task<long> RetireKeyAsync(string keyId, DateTimeOffset retiredAt, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        lock (_lock)
        {
            if (_retired.ContainsKey(keyId))
            {
                return Task.FromResult(0L);
            }

            var wrapped = _byId.Values.Count(r => string.Equals(r.KeyId, keyId, StringComparison.Ordinal))
                + _deleted.Values.Count(d => string.Equals(d.Record.KeyId, keyId, StringComparison.Ordinal));
            if (wrapped == 0)
            {
                _retired[keyId] = retiredAt;
                Append(audit);
            }

            return Task.FromResult((long)wrapped);
        }
    }

    public Task<IReadOnlyList<string>> ListRetiredKeysAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _retired.Keys.Order(StringComparer.Ordinal)]);
        }
    }

    public Task<IReadOnlyList<SealedCredentialRecord>> ListDeletedNotUnderKeyAsync(string keyId, DeletedCredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        lock (_lock)
        {
            IReadOnlyList<SealedCredentialRecord> page = _deleted.Values
                .Select(d => d.Record)
                .Where(r => !string.Equals(r.KeyId, keyId, StringComparison.Ordinal))
                .Where(r => after is null || CompareDeletedCursor(r, after) > 0)
                .OrderBy(r => r.KeyId, StringComparer.Ordinal)
                .ThenBy(r => r.Metadata.OrganizationId, StringComparer.Ordinal)
                .ThenBy(r => r.Metadata.Id.ToString("N"), StringComparer.Ordinal)
                .Take(limit)
                .Select(r => new SealedCredentialRecord(r.Metadata.OrganizationId, r.Metadata.Id, r.Metadata.Key, r.Metadata.Version, r.KeyId, r.SealedSecret.ToArray()))
                .ToList();
            return Task.FromResult(page);
        }
    }

    public Task<int> ReplaceDeletedSealedAsync(IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewraps);
        var applied = 0;
        lock (_lock)
        {
            foreach (var rewrap in rewraps)
            {
                if (_deleted.TryGetValue((rewrap.OrganizationId, rewrap.Id), out var current)
                    && current.Record.Metadata.Version == rewrap.ExpectedVersion
                    && string.Equals(current.Record.Metadata.Key, rewrap.Key, StringComparison.Ordinal)
                    && string.Equals(current.Record.KeyId, rewrap.ExpectedKeyId, StringComparison.Ordinal)
                    && !_retired.ContainsKey(rewrap.KeyId))
                {
                    var record = current.Record with { KeyId = rewrap.KeyId, SealedSecret = rewrap.SealedSecret.ToArray() };
                    _deleted[(rewrap.OrganizationId, rewrap.Id)] = (record, current.DeletedAt);
                    applied++;
                }
            }
        }

        return Task.FromResult(applied);
    }

    public Task<IReadOnlyList<SettingRecord>> ListSettingsAsync(string namePrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(namePrefix);
        lock (_lock)
        {
            IReadOnlyList<SettingRecord> settings = _settings
                .Where(s => s.Key.StartsWith(namePrefix, StringComparison.Ordinal))
                .OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new SettingRecord(s.Key, s.Value.ToArray()))
                .ToList();
            return Task.FromResult(settings);
        }
    }

    public Task<bool> ReplaceSettingAsync(string name, byte[] expectedValue, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expectedValue);
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            if (!_settings.TryGetValue(name, out var current) || !current.AsSpan().SequenceEqual(expectedValue))
            {
                return Task.FromResult(false);
            }

            _settings[name] = value.ToArray();
            return Task.FromResult(true);
        }
    }

    private static int CompareDeletedCursor(CredentialRecord record, DeletedCredentialCursor cursor)
    {
        var order = string.CompareOrdinal(record.KeyId, cursor.KeyId);
        if (order == 0)
        {
            order = string.CompareOrdinal(record.Metadata.OrganizationId, cursor.OrganizationId);
        }

        return order != 0 ? order : string.CompareOrdinal(record.Metadata.Id.ToString("N"), cursor.Id.ToString("N"));
    }
}
