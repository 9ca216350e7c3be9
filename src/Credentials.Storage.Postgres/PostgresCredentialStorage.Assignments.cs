using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>Assignments: one row per credential and consumer, the organization in every key and every statement.</summary>
public sealed partial class PostgresCredentialStorage
{
    /// <inheritdoc/>
    public async Task<StorageWriteResult> AssignAsync(AssignmentRecord assignment, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(_sql.Assign, connection, transaction);
            command.Parameters.Add(Text(assignment.OrganizationId));
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = assignment.CredentialId });
            command.Parameters.Add(Text(assignment.ConsumerKind));
            command.Parameters.Add(Text(assignment.ConsumerId));
            command.Parameters.Add(NullableText(assignment.DisplayName));
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return StorageWriteResult.NotFound;
            }

            await AppendAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return StorageWriteResult.Success;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> UnassignAsync(string organizationId, Guid credentialId, string consumerKind, string consumerId, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(_sql.Unassign, connection, transaction);
            command.Parameters.Add(Text(organizationId));
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = credentialId });
            command.Parameters.Add(Text(consumerKind));
            command.Parameters.Add(Text(consumerId));
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }

            await AppendAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AssignmentRecord>> ListAssignmentsAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.ListAssignments);
            command.Parameters.Add(Text(organizationId));
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = credentialId });
            var results = new List<AssignmentRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                results.Add(new AssignmentRecord(organizationId, credentialId, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }

            return results;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CredentialMetadataRecord>> ListAssignedCredentialsAsync(string organizationId, string consumerKind, string consumerId, CancellationToken cancellationToken = default)
    {
        try
        {
            // The join on active credentials leaves out soft-deleted ones; the sealed column is not read.
            await using var command = _dataSource.CreateCommand(_sql.ListAssignedCredentials);
            command.Parameters.Add(Text(organizationId));
            command.Parameters.Add(Text(consumerKind));
            command.Parameters.Add(Text(consumerId));
            var results = new List<CredentialMetadataRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                results.Add(ReadMetadata(reader));
            }

            return results;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    private async Task DeleteAssignmentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string organizationId, Guid credentialId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_sql.DeleteAssignments, connection, transaction);
        command.Parameters.Add(Text(organizationId));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = credentialId });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
