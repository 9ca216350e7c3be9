using Npgsql;
using NpgsqlTypes;

namespace Credentials.Storage.Postgres;

/// <summary>
/// The writes that store a key id, each behind the fence (<see cref="PostgresFence"/>): a shared advisory lock on the key
/// id, then the write conditional on the key id not being retired, in one transaction; and the retirement that takes the
/// exclusive lock.
/// </summary>
public sealed partial class PostgresCredentialStorage
{
    /// <inheritdoc/>
    public Task<long> RetireKeyAsync(string keyId, DateTimeOffset retiredAt, AuditEntry? audit, CancellationToken cancellationToken = default) =>
        MapFailuresAsync(RetireKeyCoreAsync(keyId, retiredAt, audit, cancellationToken));

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListRetiredKeysAsync(CancellationToken cancellationToken = default) =>
        MapFailuresAsync(ListRetiredKeysCoreAsync(cancellationToken));

    private async Task<long> RetireKeyCoreAsync(string keyId, DateTimeOffset retiredAt, AuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, _sql.LockKeyExclusive, cancellationToken, new NpgsqlParameter<long> { TypedValue = PostgresFence.LockKey(Schema, keyId) })
            .ConfigureAwait(false);

        // Separate statements after the lock: each sees every writer that held the key's shared lock, committed.
        if (await ScalarAsync(connection, transaction, _sql.IsRetired, cancellationToken, Text(keyId)).ConfigureAwait(false) is true)
        {
            return 0;
        }

        var wrapped = (long)(await ScalarAsync(connection, transaction, _sql.CountWrapped, cancellationToken, Text(keyId)).ConfigureAwait(false))!;
        if (wrapped > 0)
        {
            return wrapped;
        }

        await ExecuteAsync(connection, transaction, _sql.Retire, cancellationToken, Text(keyId), new NpgsqlParameter<DateTimeOffset> { TypedValue = retiredAt.ToUniversalTime() })
            .ConfigureAwait(false);
        await AppendAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private async Task<IReadOnlyList<string>> ListRetiredKeysCoreAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(_sql.ListRetired);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private async Task<StorageWriteResult> InsertFencedAsync(CredentialRecord record, AuditEntry? audit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockSharedAsync(connection, transaction, record.KeyId, cancellationToken).ConfigureAwait(false);
        int inserted;
        await using (var command = new NpgsqlCommand(_sql.Insert, connection, transaction))
        {
            Bind(command, record);
            inserted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (inserted == 1)
        {
            await AppendAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return StorageWriteResult.Success;
        }

        // Still under the shared lock: whether the key id is retired cannot change before the transaction ends.
        return await IsRetiredAsync(connection, transaction, record.KeyId, cancellationToken).ConfigureAwait(false)
            ? StorageWriteResult.KeyRetired
            : StorageWriteResult.KeyConflict;
    }

    private async Task<StorageWriteResult> UpdateFencedAsync(CredentialRecord record, long expectedVersion, AuditEntry? audit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await LockSharedAsync(connection, transaction, record.KeyId, cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(_sql.Update, connection, transaction);
            Bind(command, record);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
            try
            {
                // Under READ COMMITTED a concurrent writer of the same row makes this wait, then re-check the version on the
                // committed row: of several updates expecting one version, exactly one matches.
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    await AppendAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return StorageWriteResult.Success;
                }
            }
            catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
            {
                return StorageWriteResult.KeyConflict;
            }

            if (await IsRetiredAsync(connection, transaction, record.KeyId, cancellationToken).ConfigureAwait(false))
            {
                return StorageWriteResult.KeyRetired;
            }
        }

        return await ExistsAsync(connection, record.Metadata.OrganizationId, record.Metadata.Id, cancellationToken).ConfigureAwait(false)
            ? StorageWriteResult.VersionConflict
            : StorageWriteResult.NotFound;
    }

    /// <summary>Runs a batch of rewrap swaps after taking the shared fence lock of every key id they write.</summary>
    private async Task<int> ReplaceFencedAsync(string sql, IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rewraps);
        if (rewraps.Count == 0)
        {
            return 0;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var locks = rewraps.Select(r => r.KeyId).Distinct(StringComparer.Ordinal).Select(k => PostgresFence.LockKey(Schema, k)).Order().ToArray();
        await ExecuteAsync(connection, transaction, _sql.LockKeysShared, cancellationToken, Array(NpgsqlDbType.Bigint, locks)).ConfigureAwait(false);

        // One statement: the batch is applied whole or not at all.
        int applied;
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            var p = command.Parameters;
            p.Add(Array(NpgsqlDbType.Text, rewraps.Select(r => r.OrganizationId).ToArray()));
            p.Add(Array(NpgsqlDbType.Text, rewraps.Select(r => r.Key).ToArray()));
            p.Add(Array(NpgsqlDbType.Uuid, rewraps.Select(r => r.Id).ToArray()));
            p.Add(Array(NpgsqlDbType.Bigint, rewraps.Select(r => r.ExpectedVersion).ToArray()));
            p.Add(Array(NpgsqlDbType.Text, rewraps.Select(r => r.ExpectedKeyId).ToArray()));
            p.Add(Array(NpgsqlDbType.Text, rewraps.Select(r => r.KeyId).ToArray()));
            p.Add(Array(NpgsqlDbType.Bytea, rewraps.Select(r => r.SealedSecret).ToArray()));
            applied = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    /// <summary>
    /// Locks the soft-deleted row (so its key id cannot change), takes that key id's shared fence lock, and tells whether
    /// the key id is retired. Null when there is no such deleted credential.
    /// </summary>
    private async Task<bool?> LockDeletedAndCheckFenceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string organizationId, Guid id, CancellationToken cancellationToken)
    {
        var keyId = await ScalarAsync(connection, transaction, _sql.LockDeletedKeyId, cancellationToken, Text(organizationId), new NpgsqlParameter<Guid> { TypedValue = id })
            .ConfigureAwait(false) as string;
        if (keyId is null)
        {
            return null;
        }

        await LockSharedAsync(connection, transaction, keyId, cancellationToken).ConfigureAwait(false);
        return await IsRetiredAsync(connection, transaction, keyId, cancellationToken).ConfigureAwait(false);
    }

    private Task LockSharedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string keyId, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, _sql.LockKeyShared, cancellationToken, new NpgsqlParameter<long> { TypedValue = PostgresFence.LockKey(Schema, keyId) });

    private async Task<bool> IsRetiredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string keyId, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, transaction, _sql.IsRetired, cancellationToken, Text(keyId)).ConfigureAwait(false) is true;

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
