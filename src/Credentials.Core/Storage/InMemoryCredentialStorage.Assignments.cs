using Credentials.Storage;

namespace Credentials;

/// <summary>Assignments in a dictionary per credential, under the same lock as the credentials.</summary>
internal sealed partial class InMemoryCredentialStorage
{
    // Kept for soft-deleted credentials too, so that a restore brings them back; dropped by a purge or a hard delete.
    private readonly Dictionary<(string Org, Guid Credential), Dictionary<(string Kind, string Id), string?>> _assignments = [];

    public Task<StorageWriteResult> AssignAsync(AssignmentRecord assignment, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var (org, credential) = (assignment.OrganizationId, assignment.CredentialId);
        lock (_lock)
        {
            if (!_byId.ContainsKey((org, credential)))
            {
                return Task.FromResult(StorageWriteResult.NotFound);
            }

            if (!_assignments.TryGetValue((org, credential), out var consumers))
            {
                consumers = [];
                _assignments[(org, credential)] = consumers;
            }

            var consumer = (assignment.ConsumerKind, assignment.ConsumerId);
            consumers[consumer] = assignment.DisplayName ?? consumers.GetValueOrDefault(consumer);
            Append(audit);
            return Task.FromResult(StorageWriteResult.Success);
        }
    }

    public Task<bool> UnassignAsync(string organizationId, Guid credentialId, string consumerKind, string consumerId, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var removed = _assignments.TryGetValue((organizationId, credentialId), out var consumers) && consumers.Remove((consumerKind, consumerId));
            if (removed && consumers!.Count == 0)
            {
                _assignments.Remove((organizationId, credentialId));
            }

            if (removed)
            {
                Append(audit);
            }

            return Task.FromResult(removed);
        }
    }

    public Task<IReadOnlyList<AssignmentRecord>> ListAssignmentsAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<AssignmentRecord> rows = _assignments.TryGetValue((organizationId, credentialId), out var consumers)
                ? consumers
                    .OrderBy(c => c.Key.Kind, StringComparer.Ordinal)
                    .ThenBy(c => c.Key.Id, StringComparer.Ordinal)
                    .Select(c => new AssignmentRecord(organizationId, credentialId, c.Key.Kind, c.Key.Id, c.Value))
                    .ToList()
                : [];
            return Task.FromResult(rows);
        }
    }

    public Task<IReadOnlyList<CredentialMetadataRecord>> ListAssignedCredentialsAsync(string organizationId, string consumerKind, string consumerId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<CredentialMetadataRecord> rows = _assignments
                .Where(a => string.Equals(a.Key.Org, organizationId, StringComparison.Ordinal) && a.Value.ContainsKey((consumerKind, consumerId)))
                .Select(a => _byId.TryGetValue(a.Key, out var record) ? record.Metadata : null)
                .OfType<CredentialMetadataRecord>()
                .OrderBy(m => m.Key, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(rows);
        }
    }
}
