using Npgsql;
using NpgsqlTypes;

namespace Credentials.Storage.Postgres;

/// <summary>What key management reads and writes: counts per key, the rewrap walk and swap, and the insert-once settings.</summary>
public sealed partial class PostgresCredentialStorage
{
    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, long>> CountByKeyIdAsync(CancellationToken cancellationToken = default)
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

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SealedCredentialRecord>> ListNotUnderKeyAsync(string keyId, SealedCredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        await using var command = _dataSource.CreateCommand(after is null ? _sql.ListNotUnderKeyFirst : _sql.ListNotUnderKeyAfter);
        command.Parameters.Add(Text(keyId));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (after is not null)
        {
            command.Parameters.Add(Text(after.KeyId));
            command.Parameters.Add(Text(after.OrganizationId));
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
                reader.GetFieldValue<byte[]>(5)));
        }

        return results;
    }

    /// <inheritdoc/>
    public Task<int> ReplaceSealedAsync(IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken = default) =>
        ReplaceFencedAsync(_sql.ReplaceSealed, rewraps, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SealedCredentialRecord>> ListDeletedNotUnderKeyAsync(string keyId, DeletedCredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
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

    /// <inheritdoc/>
    public Task<int> ReplaceDeletedSealedAsync(IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken = default) =>
        ReplaceFencedAsync(_sql.ReplaceDeletedSealed, rewraps, cancellationToken);

    /// <inheritdoc/>
    public async Task<byte[]?> GetSettingAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(_sql.GetSetting);
        command.Parameters.Add(Text(name));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    /// <inheritdoc/>
    public async Task<bool> TryAddSettingAsync(string name, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        await using var command = _dataSource.CreateCommand(_sql.TryAddSetting);
        command.Parameters.Add(Text(name));
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = value });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SettingRecord>> ListSettingsAsync(string namePrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(namePrefix);
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

    /// <inheritdoc/>
    public async Task<bool> ReplaceSettingAsync(string name, byte[] expectedValue, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expectedValue);
        ArgumentNullException.ThrowIfNull(value);
        await using var command = _dataSource.CreateCommand(_sql.ReplaceSetting);
        command.Parameters.Add(Text(name));
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = expectedValue });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = value });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static NpgsqlParameter Array<T>(NpgsqlDbType elementType, T[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | elementType, Value = values };
}
