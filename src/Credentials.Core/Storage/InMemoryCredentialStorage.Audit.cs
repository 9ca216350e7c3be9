using Credentials.Storage;

namespace Credentials;

/// <summary>The audit chains, last-used times and the store-wide expiry and connection walks, under the same lock.</summary>
internal sealed partial class InMemoryCredentialStorage
{
    private readonly Dictionary<string, List<AuditRecord>> _audit = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuditChainHead> _auditHeads = new(StringComparer.Ordinal);

    public Task<AuditRecord> AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            return Task.FromResult(Append(entry)!);
        }
    }

    public Task<IReadOnlyList<AuditRecord>> ListAuditAsync(string organizationId, AuditStorageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organizationId);
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            if (!_audit.TryGetValue(organizationId, out var chain))
            {
                return Task.FromResult<IReadOnlyList<AuditRecord>>([]);
            }

            IEnumerable<AuditRecord> rows = query.Descending ? Enumerable.Reverse(chain) : chain;
            IReadOnlyList<AuditRecord> page = rows
                .Where(r => query.AfterSequence is not { } after || (query.Descending ? r.Sequence < after : r.Sequence > after))
                .Where(r => Matches(r, query))
                .Take(query.Limit)
                .Select(r => r with { Mac = r.Mac.ToArray() })
                .ToList();
            return Task.FromResult(page);
        }
    }

    public Task<AuditChainHead?> GetAuditHeadAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_auditHeads.TryGetValue(organizationId, out var head) ? head with { Mac = head.Mac.ToArray() } : null);
        }
    }

    public Task<int> UpdateLastUsedAsync(IReadOnlyList<CredentialUsage> usages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usages);
        var moved = 0;
        lock (_lock)
        {
            foreach (var usage in usages)
            {
                if (_byId.TryGetValue((usage.OrganizationId, usage.Id), out var current)
                    && (current.Metadata.LastUsedAt is not { } last || last < usage.UsedAt))
                {
                    _byId[(usage.OrganizationId, usage.Id)] = current with { Metadata = current.Metadata with { LastUsedAt = usage.UsedAt } };
                    moved++;
                }
            }
        }

        return Task.FromResult(moved);
    }

    public Task<IReadOnlyList<CredentialMetadataRecord>> ListExpiringAsync(DateTimeOffset until, ExpiringCredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<CredentialMetadataRecord> page = _byId.Values
                .Select(r => r.Metadata)
                .Where(m => m.ExpiresAt is { } expiresAt && expiresAt <= until)
                .OrderBy(m => m.ExpiresAt!.Value.UtcTicks)
                .ThenBy(m => m.OrganizationId, StringComparer.Ordinal)
                .ThenBy(m => m.Id.ToString("N"), StringComparer.Ordinal)
                .Where(m => after is null || CompareExpiry(m, after) > 0)
                .Take(limit)
                .ToList();
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<OAuthConnectionRecord>> ListOAuthConnectionsAsync(string state, CredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<OAuthConnectionRecord> page = _oauthConnections.Values
                .Where(c => string.Equals(c.State, state, StringComparison.Ordinal))
                .OrderBy(c => c.OrganizationId, StringComparer.Ordinal)
                .ThenBy(c => c.CredentialId.ToString("N"), StringComparer.Ordinal)
                .Where(c => after is null || ComparePosition(c.OrganizationId, c.CredentialId, after.OrganizationId, after.Id) > 0)
                .Take(limit)
                .ToList();
            return Task.FromResult(page);
        }
    }

    /// <summary>Appends under the lock the caller holds (the change it belongs to is made under the same lock).</summary>
    private AuditRecord? Append(AuditEntry? entry)
    {
        if (entry is null)
        {
            return null;
        }

        var head = _auditHeads.GetValueOrDefault(entry.OrganizationId);
        var record = entry.ToRecord((head?.Sequence ?? 0) + 1, head?.Mac ?? []);
        if (!_audit.TryGetValue(entry.OrganizationId, out var chain))
        {
            chain = [];
            _audit[entry.OrganizationId] = chain;
        }

        chain.Add(record);
        _auditHeads[entry.OrganizationId] = new AuditChainHead(entry.OrganizationId, record.Sequence, record.Mac);
        return record with { Mac = record.Mac.ToArray() };
    }

    private static bool Matches(AuditRecord record, AuditStorageQuery query) =>
        (query.CredentialId is not { } id || record.CredentialId == id)
        && (query.Action is null || string.Equals(record.Action, query.Action, StringComparison.Ordinal))
        && (query.ActorUserId is not null
            ? string.Equals(record.ActorUserId, query.ActorUserId, StringComparison.Ordinal)
            : !query.SystemActorOnly || record.ActorUserId is null)
        && (query.From is not { } from || record.Time >= from)
        && (query.To is not { } to || record.Time < to);

    private static int CompareExpiry(CredentialMetadataRecord m, ExpiringCredentialCursor cursor)
    {
        var order = m.ExpiresAt!.Value.UtcTicks.CompareTo(cursor.ExpiresAt.UtcTicks);
        return order != 0 ? order : ComparePosition(m.OrganizationId, m.Id, cursor.OrganizationId, cursor.Id);
    }

    private static int ComparePosition(string org, Guid id, string afterOrg, Guid afterId)
    {
        var order = string.CompareOrdinal(org, afterOrg);
        return order != 0 ? order : string.CompareOrdinal(id.ToString("N"), afterId.ToString("N"));
    }
}
