using Credentials.Storage;

namespace Credentials;

/// <summary>Soft-deleted credentials beside the active ones, under the same lock.</summary>
internal sealed partial class InMemoryCredentialStorage
{
    private readonly Dictionary<(string Org, Guid Id), (CredentialRecord Record, DateTimeOffset DeletedAt)> _deleted = [];

    public Task<StorageWriteResult> SoftDeleteAsync(
        string organizationId,
        Guid id,
        long expectedVersion,
        IReadOnlyCollection<AssignmentRecord> expectedAssignments,
        DateTimeOffset deletedAt,
        AuditEntry? audit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expectedAssignments);
        lock (_lock)
        {
            if (!_byId.TryGetValue((organizationId, id), out var current))
            {
                return Task.FromResult(StorageWriteResult.NotFound);
            }

            if (current.Metadata.Version != expectedVersion || HasUnexpectedAssignment(organizationId, id, expectedAssignments))
            {
                return Task.FromResult(StorageWriteResult.VersionConflict);
            }

            _byId.Remove((organizationId, id));
            _byKey.Remove(KeyOf(current.Metadata));
            _deleted[(organizationId, id)] = (current, deletedAt);
            Append(audit);
            return Task.FromResult(StorageWriteResult.Success);
        }
    }

    public Task<IReadOnlyList<DeletedCredentialRecord>> ListDeletedAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DeletedCredentialRecord> rows = _deleted
                .Where(d => string.Equals(d.Key.Org, organizationId, StringComparison.Ordinal))
                .Select(d => new DeletedCredentialRecord(d.Value.Record.Metadata, d.Value.DeletedAt))
                .OrderBy(d => d.Metadata.Key, StringComparer.Ordinal)
                .ThenBy(d => d.Metadata.OwnerUserId ?? string.Empty, StringComparer.Ordinal)
                .ThenByDescending(d => d.DeletedAt.UtcTicks)
                .ThenBy(d => d.Metadata.Id.ToString("N"), StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(rows);
        }
    }

    public Task<DeletedCredentialRecord?> FindDeletedAsync(string organizationId, Guid id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_deleted.TryGetValue((organizationId, id), out var deleted)
                ? new DeletedCredentialRecord(deleted.Record.Metadata, deleted.DeletedAt)
                : null);
        }
    }

    public Task<StorageWriteResult> RestoreAsync(string organizationId, Guid id, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_deleted.TryGetValue((organizationId, id), out var deleted))
            {
                return Task.FromResult(StorageWriteResult.NotFound);
            }

            var m = deleted.Record.Metadata;
            if (_byKey.ContainsKey(KeyOf(m)) || _byId.ContainsKey((organizationId, id)))
            {
                return Task.FromResult(StorageWriteResult.KeyConflict);
            }

            if (_retired.ContainsKey(deleted.Record.KeyId))
            {
                return Task.FromResult(StorageWriteResult.KeyRetired);
            }

            _deleted.Remove((organizationId, id));
            _byId[(organizationId, id)] = deleted.Record;
            _byKey[KeyOf(m)] = id;
            Append(audit);
            return Task.FromResult(StorageWriteResult.Success);
        }
    }

    public Task<bool> PurgeAsync(string organizationId, Guid id, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_deleted.Remove((organizationId, id)))
            {
                return Task.FromResult(false);
            }

            _assignments.Remove((organizationId, id));
            Append(audit);
            return Task.FromResult(true);
        }
    }

    public Task<int> PurgeDeletedBeforeAsync(DateTimeOffset cutoff, Func<DeletedCredentialRecord, AuditEntry>? audit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var expired = _deleted.Where(d => d.Value.DeletedAt.UtcTicks <= cutoff.UtcTicks)
                .OrderBy(d => d.Key.Org, StringComparer.Ordinal)
                .ThenBy(d => d.Key.Id.ToString("N"), StringComparer.Ordinal)
                .ToList();
            foreach (var (key, deleted) in expired)
            {
                _deleted.Remove(key);
                _assignments.Remove(key);
                Append(audit?.Invoke(new DeletedCredentialRecord(deleted.Record.Metadata, deleted.DeletedAt)));
            }

            return Task.FromResult(expired.Count);
        }
    }

    private bool HasUnexpectedAssignment(string organizationId, Guid id, IReadOnlyCollection<AssignmentRecord> expected)
    {
        if (!_assignments.TryGetValue((organizationId, id), out var consumers))
        {
            return false;
        }

        var known = expected.Select(a => (a.ConsumerKind, a.ConsumerId)).ToHashSet();
        return consumers.Keys.Any(c => !known.Contains(c));
    }
}
