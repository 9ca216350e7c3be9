using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Soft delete: a deleted credential moves, in one transaction, from <c>credentials</c> to <c>deleted_credentials</c>
/// (which frees its key) and back on restore; its assignment rows stay where they are until a purge.
/// </summary>
public sealed partial class PostgresCredentialStorage
{
    /// <inheritdoc/>
    public async Task<StorageWriteResult> SoftDeleteAsync(
        string organizationId,
        Guid id,
        long expectedVersion,
        IReadOnlyCollection<AssignmentRecord> expectedAssignments,
        DateTimeOffset deletedAt,
        AuditEntry? audit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expectedAssignments);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // FOR UPDATE: until commit no update, delete or assignment (FOR KEY SHARE) of this row can slip in; a concurrent
            // soft delete that won is seen, once it commits, as a row that is gone.
            await using (var lockRow = new NpgsqlCommand(_sql.LockVersion, connection, transaction))
            {
                lockRow.Parameters.Add(Text(organizationId));
                lockRow.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
                var version = await lockRow.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (version is not long current)
                {
                    return StorageWriteResult.NotFound;
                }

                if (current != expectedVersion)
                {
                    return StorageWriteResult.VersionConflict;
                }
            }

            if (await HasUnexpectedAssignmentAsync(connection, transaction, organizationId, id, expectedAssignments, cancellationToken).ConfigureAwait(false))
            {
                return StorageWriteResult.VersionConflict;
            }

            await using (var move = new NpgsqlCommand(_sql.MoveToDeleted, connection, transaction))
            {
                move.Parameters.Add(Text(organizationId));
                move.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
                move.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = deletedAt.ToUniversalTime() });
                await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
    public async Task<IReadOnlyList<DeletedCredentialRecord>> ListDeletedAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.ListDeleted);
            command.Parameters.Add(Text(organizationId));
            var results = new List<DeletedCredentialRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                results.Add(ReadDeleted(reader));
            }

            return results;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<DeletedCredentialRecord?> FindDeletedAsync(string organizationId, Guid id, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.FindDeleted);
            command.Parameters.Add(Text(organizationId));
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadDeleted(reader) : null;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<StorageWriteResult> RestoreAsync(string organizationId, Guid id, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            switch (await LockDeletedAndCheckFenceAsync(connection, transaction, organizationId, id, cancellationToken).ConfigureAwait(false))
            {
                case null:
                    return StorageWriteResult.NotFound;
                case true:
                    return StorageWriteResult.KeyRetired;
            }

            long gone;
            long restored;
            await using (var command = new NpgsqlCommand(_sql.Restore, connection, transaction))
            {
                command.Parameters.Add(Text(organizationId));
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
                await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                gone = reader.GetInt64(0);
                restored = reader.GetInt64(1);
            }

            if (gone == 0)
            {
                return StorageWriteResult.NotFound;
            }

            if (restored == 0)
            {
                // Disposing the transaction rolls it back: the deleted row stays where it was.
                return StorageWriteResult.KeyConflict;
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
    public async Task<bool> PurgeAsync(string organizationId, Guid id, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(_sql.Purge, connection, transaction);
            command.Parameters.Add(Text(organizationId));
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long purged || purged == 0)
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
    public async Task<int> PurgeDeletedBeforeAsync(DateTimeOffset cutoff, Func<DeletedCredentialRecord, AuditEntry>? audit, CancellationToken cancellationToken = default)
    {
        try
        {
            if (audit is null)
            {
                await using var command = _dataSource.CreateCommand(_sql.PurgeBefore);
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = cutoff.ToUniversalTime() });
                return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var purged = new List<DeletedCredentialRecord>();
            await using (var command = new NpgsqlCommand(_sql.PurgeBeforeReturning, connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = cutoff.ToUniversalTime() });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    purged.Add(ReadDeleted(reader));
                }
            }

            // Ordered by organization: the chains' heads are locked in one order, so two purges cannot deadlock.
            foreach (var row in purged)
            {
                await AppendAsync(connection, transaction, audit(row), cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return purged.Count;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    private async Task<bool> HasUnexpectedAssignmentAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string organizationId,
        Guid id,
        IReadOnlyCollection<AssignmentRecord> expected,
        CancellationToken cancellationToken)
    {
        var known = expected.Select(a => (a.ConsumerKind, a.ConsumerId)).ToHashSet();
        await using var command = new NpgsqlCommand(_sql.AssignedConsumers, connection, transaction);
        command.Parameters.Add(Text(organizationId));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!known.Contains((reader.GetString(0), reader.GetString(1))))
            {
                return true;
            }
        }

        return false;
    }

    private static DeletedCredentialRecord ReadDeleted(NpgsqlDataReader reader) =>
        new(ReadMetadata(reader), reader.GetFieldValue<DateTimeOffset>(15));
}
