using Npgsql;
using NpgsqlTypes;

namespace Credentials.Storage.Postgres;

/// <summary>What key management reads and writes: counts per key, the rewrap walk and swap, and the insert-once settings.</summary>
public sealed partial class PostgresCredentialStorage
{
    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, long>> CountByKeyIdAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.CountByKeyId);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return counts;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SealedCredentialRecord>> ListNotUnderKeyAsync(string keyId, SealedCredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        try
        {
            await using var command = _dataSource.CreateCommand(after is null ? _sql.ListNotUnderKeyFirst : _sql.ListNotUnderKeyAfter);
            command.Parameters.Add(Text(keyId));
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            if (after is not null)
            {
                command.Parameters.Add(Text(after.KeyId));
                command.Parameters.Add(Text(after.OrganizationId));
                command.Parameters.Add(Text(after.OwnerUserId ?? string.Empty));
                command.Parameters.Add(Text(after.Key));
            }

            var results = new List<SealedCredentialRecord>(Math.Min(limit, 4096));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                results.Add(new SealedCredentialRecord(
                    reader.GetString(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    reader.GetInt64(3),
                    reader.GetString(4),
                    reader.GetFieldValue<byte[]>(5))
                {
                    OwnerUserId = reader.GetString(6) is { Length: > 0 } owner ? owner : null,
                });
            }

            return results;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public Task<int> ReplaceSealedAsync(IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken = default) =>
        MapFailuresAsync(ReplaceFencedAsync(_sql.ReplaceSealed, rewraps, cancellationToken));

    /// <inheritdoc/>
    public Task<int> ReplaceDeletedSealedAsync(IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken = default) =>
        MapFailuresAsync(ReplaceFencedAsync(_sql.ReplaceDeletedSealed, rewraps, cancellationToken));

    /// <inheritdoc/>
    public Task<IReadOnlyList<SealedCredentialRecord>> ListDeletedNotUnderKeyAsync(string keyId, DeletedCredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return MapFailuresAsync(ListDeletedNotUnderKeyCoreAsync(keyId, after, limit, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SettingRecord>> ListSettingsAsync(string namePrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(namePrefix);
        return MapFailuresAsync(ListSettingsCoreAsync(namePrefix, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<bool> ReplaceSettingAsync(string name, byte[] expectedValue, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expectedValue);
        ArgumentNullException.ThrowIfNull(value);
        return MapFailuresAsync(ReplaceSettingCoreAsync(name, expectedValue, value, cancellationToken));
    }

    private async Task<IReadOnlyList<SealedCredentialRecord>> ListDeletedNotUnderKeyCoreAsync(string keyId, DeletedCredentialCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(after is null ? _sql.ListDeletedNotUnderKeyFirst : _sql.ListDeletedNotUnderKeyAfter);
        command.Parameters.Add(Text(keyId));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (after is not null)
        {
            command.Parameters.Add(Text(after.KeyId));
            command.Parameters.Add(Text(after.OrganizationId));
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = after.Id });
        }

        var results = new List<SealedCredentialRecord>(Math.Min(limit, 4096));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(new SealedCredentialRecord(
                reader.GetString(0),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetString(4),
                reader.GetFieldValue<byte[]>(5)));
        }

        return results;
    }

    private async Task<IReadOnlyList<SettingRecord>> ListSettingsCoreAsync(string namePrefix, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(_sql.ListSettings);
        command.Parameters.Add(Text(namePrefix));
        var settings = new List<SettingRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            settings.Add(new SettingRecord(reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
        }

        return settings;
    }

    private async Task<bool> ReplaceSettingCoreAsync(string name, byte[] expectedValue, byte[] value, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(_sql.ReplaceSetting);
        command.Parameters.Add(Text(name));
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = expectedValue });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = value });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Runs a storage call, turning the driver's failures into <see cref="CredentialStorageException"/>.</summary>
    private async Task<T> MapFailuresAsync<T>(Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]?> GetSettingAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.GetSetting);
            command.Parameters.Add(Text(name));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> TryAddSettingAsync(string name, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            await using var command = _dataSource.CreateCommand(_sql.TryAddSetting);
            command.Parameters.Add(Text(name));
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = value });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        catch (NpgsqlException ex)
        {
            throw _failure.Map(ex);
        }
    }

    private static NpgsqlParameter Array<T>(NpgsqlDbType elementType, T[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | elementType, Value = values };
}
