using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Soft delete: a deleted credential moves, in one transaction, from <c>credentials</c> to <c>deleted_credentials</c>
/// (which frees its key) and back on restore; its assignment rows stay where they are until a purge.
/// </summary>
public sealed partial class SqliteCredentialStorage
{
    /// <inheritdoc/>
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
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            // BEGIN IMMEDIATE: the checks below and the move see the same state; no assignment can slip in between.
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT version FROM credentials WHERE org_id = $org AND id = $id;";
            command.Parameters.AddWithValue("$org", organizationId);
            command.Parameters.AddWithValue("$id", FormatId(id));
            if (command.ExecuteScalar() is not long version)
            {
                return Task.FromResult(StorageWriteResult.NotFound);
            }

            if (version != expectedVersion || HasUnexpectedAssignment(command, expectedAssignments))
            {
                return Task.FromResult(StorageWriteResult.VersionConflict);
            }

            command.CommandText =
                $"""
                INSERT INTO deleted_credentials ({Columns}, key_id, sealed, deleted_at)
                SELECT {Columns}, key_id, sealed, $deletedAt FROM credentials WHERE org_id = $org AND id = $id;
                DELETE FROM credentials WHERE org_id = $org AND id = $id;
                """;
            command.Parameters.AddWithValue("$deletedAt", deletedAt.UtcTicks);
            command.ExecuteNonQuery();
            Commit(transaction, audit);
            return Task.FromResult(StorageWriteResult.Success);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DeletedCredentialRecord>> ListDeletedAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns}, deleted_at FROM deleted_credentials WHERE org_id = $org ORDER BY key, owner_user_id, deleted_at DESC, id;";
            command.Parameters.AddWithValue("$org", organizationId);
            var results = new List<DeletedCredentialRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                results.Add(ReadDeleted(reader));
            }

            return Task.FromResult<IReadOnlyList<DeletedCredentialRecord>>(results);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<DeletedCredentialRecord?> FindDeletedAsync(string organizationId, Guid id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns}, deleted_at FROM deleted_credentials WHERE org_id = $org AND id = $id;";
            command.Parameters.AddWithValue("$org", organizationId);
            command.Parameters.AddWithValue("$id", FormatId(id));
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? ReadDeleted(reader) : null);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<StorageWriteResult> RestoreAsync(string organizationId, Guid id, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"INSERT INTO credentials ({Columns}, key_id, sealed) SELECT {Columns}, key_id, sealed FROM deleted_credentials AS d WHERE org_id = $org AND id = $id " +
                "AND NOT EXISTS (SELECT 1 FROM retired_keys AS r WHERE r.key_id = d.key_id);";
            command.Parameters.AddWithValue("$org", organizationId);
            command.Parameters.AddWithValue("$id", FormatId(id));
            try
            {
                if (command.ExecuteNonQuery() == 0)
                {
                    // Same transaction (BEGIN IMMEDIATE): the row is absent, or sealed under a retired key.
                    command.CommandText = "SELECT 1 FROM deleted_credentials WHERE org_id = $org AND id = $id;";
                    return Task.FromResult(command.ExecuteScalar() is null ? StorageWriteResult.NotFound : StorageWriteResult.KeyRetired);
                }
            }
            catch (SqliteException ex) when (IsUniquenessConflict(ex))
            {
                return Task.FromResult(StorageWriteResult.KeyConflict);
            }

            command.CommandText = "DELETE FROM deleted_credentials WHERE org_id = $org AND id = $id;";
            command.ExecuteNonQuery();
            Commit(transaction, audit);
            return Task.FromResult(StorageWriteResult.Success);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<bool> PurgeAsync(string organizationId, Guid id, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM deleted_credentials WHERE org_id = $org AND id = $id;";
            command.Parameters.AddWithValue("$org", organizationId);
            command.Parameters.AddWithValue("$id", FormatId(id));
            if (command.ExecuteNonQuery() == 0)
            {
                return Task.FromResult(false);
            }

            DeleteAssignments(command, organizationId, id);
            Commit(transaction, audit);
            return Task.FromResult(true);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<int> PurgeDeletedBeforeAsync(DateTimeOffset cutoff, Func<DeletedCredentialRecord, AuditEntry>? audit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$cutoff", cutoff.UtcTicks);
            var purgedRows = new List<DeletedCredentialRecord>();
            if (audit is not null)
            {
                // Read in the same transaction (BEGIN IMMEDIATE): exactly the rows deleted below, in chain-lock order.
                command.CommandText = $"SELECT {Columns}, deleted_at FROM deleted_credentials WHERE deleted_at <= $cutoff ORDER BY org_id, id;";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    purgedRows.Add(ReadDeleted(reader));
                }
            }

            command.CommandText =
                """
                DELETE FROM credential_assignments
                WHERE (org_id, credential_id) IN (SELECT org_id, id FROM deleted_credentials WHERE deleted_at <= $cutoff);
                """;
            command.ExecuteNonQuery();
            command.CommandText = "DELETE FROM deleted_credentials WHERE deleted_at <= $cutoff;";
            var purged = command.ExecuteNonQuery();
            foreach (var row in purgedRows)
            {
                Append(transaction, audit!(row));
            }

            transaction.Commit();
            return Task.FromResult(purged);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    private static bool HasUnexpectedAssignment(SqliteCommand command, IReadOnlyCollection<AssignmentRecord> expected)
    {
        var known = expected.Select(a => (a.ConsumerKind, a.ConsumerId)).ToHashSet();
        command.CommandText = "SELECT consumer_kind, consumer_id FROM credential_assignments WHERE org_id = $org AND credential_id = $id;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!known.Contains((reader.GetString(0), reader.GetString(1))))
            {
                return true;
            }
        }

        return false;
    }

    private static DeletedCredentialRecord ReadDeleted(SqliteDataReader reader) =>
        new(ReadMetadata(reader), new DateTimeOffset(reader.GetInt64(DeletedAtColumn), TimeSpan.Zero));
}
