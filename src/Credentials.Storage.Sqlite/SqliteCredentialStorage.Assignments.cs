using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>Assignments: one row per credential and consumer, the organization in every key and every statement.</summary>
public sealed partial class SqliteCredentialStorage
{
    private static readonly string PrefixedColumns = string.Join(", ", Columns.Split(", ").Select(c => "c." + c));

    /// <inheritdoc/>
    public Task<StorageWriteResult> AssignAsync(AssignmentRecord assignment, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var transaction = audit is null ? null : connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // One statement: the credential must be active in the same organization when the row is written.
            command.CommandText =
                """
                INSERT INTO credential_assignments (org_id, credential_id, consumer_kind, consumer_id, display_name)
                SELECT $org, $credential, $kind, $consumer, $name
                WHERE EXISTS (SELECT 1 FROM credentials WHERE org_id = $org AND id = $credential)
                ON CONFLICT (org_id, credential_id, consumer_kind, consumer_id)
                DO UPDATE SET display_name = coalesce(excluded.display_name, display_name);
                """;
            command.Parameters.AddWithValue("$org", assignment.OrganizationId);
            command.Parameters.AddWithValue("$credential", FormatId(assignment.CredentialId));
            command.Parameters.AddWithValue("$kind", assignment.ConsumerKind);
            command.Parameters.AddWithValue("$consumer", assignment.ConsumerId);
            command.Parameters.AddWithValue("$name", (object?)assignment.DisplayName ?? DBNull.Value);
            if (command.ExecuteNonQuery() != 1)
            {
                return Task.FromResult(StorageWriteResult.NotFound);
            }

            Commit(transaction, audit);
            return Task.FromResult(StorageWriteResult.Success);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<bool> UnassignAsync(string organizationId, Guid credentialId, string consumerKind, string consumerId, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var transaction = audit is null ? null : connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                "DELETE FROM credential_assignments WHERE org_id = $org AND credential_id = $credential AND consumer_kind = $kind AND consumer_id = $consumer;";
            command.Parameters.AddWithValue("$org", organizationId);
            command.Parameters.AddWithValue("$credential", FormatId(credentialId));
            command.Parameters.AddWithValue("$kind", consumerKind);
            command.Parameters.AddWithValue("$consumer", consumerId);
            if (command.ExecuteNonQuery() != 1)
            {
                return Task.FromResult(false);
            }

            Commit(transaction, audit);
            return Task.FromResult(true);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AssignmentRecord>> ListAssignmentsAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                """
                SELECT consumer_kind, consumer_id, display_name FROM credential_assignments
                WHERE org_id = $org AND credential_id = $credential
                ORDER BY consumer_kind, consumer_id;
                """;
            command.Parameters.AddWithValue("$org", organizationId);
            command.Parameters.AddWithValue("$credential", FormatId(credentialId));
            var results = new List<AssignmentRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                results.Add(new AssignmentRecord(organizationId, credentialId, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }

            return Task.FromResult<IReadOnlyList<AssignmentRecord>>(results);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CredentialMetadataRecord>> ListAssignedCredentialsAsync(string organizationId, string consumerKind, string consumerId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            // The join on active credentials leaves out soft-deleted ones; the sealed column is not read.
            command.CommandText =
                $"""
                SELECT {PrefixedColumns} FROM credential_assignments a
                JOIN credentials c ON c.org_id = a.org_id AND c.id = a.credential_id
                WHERE a.org_id = $org AND a.consumer_kind = $kind AND a.consumer_id = $consumer
                ORDER BY c.key;
                """;
            command.Parameters.AddWithValue("$org", organizationId);
            command.Parameters.AddWithValue("$kind", consumerKind);
            command.Parameters.AddWithValue("$consumer", consumerId);
            var results = new List<CredentialMetadataRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                results.Add(ReadMetadata(reader));
            }

            return Task.FromResult<IReadOnlyList<CredentialMetadataRecord>>(results);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    private static void DeleteAssignments(SqliteCommand command, string organizationId, Guid credentialId)
    {
        command.Parameters.Clear();
        command.CommandText = "DELETE FROM credential_assignments WHERE org_id = $org AND credential_id = $credential;";
        command.Parameters.AddWithValue("$org", organizationId);
        command.Parameters.AddWithValue("$credential", FormatId(credentialId));
        command.ExecuteNonQuery();
    }
}
