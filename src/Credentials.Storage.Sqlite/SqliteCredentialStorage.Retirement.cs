using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>Key retirement (the fence's other side), the recycle bin's rewrap, and the settings list and swap.</summary>
public sealed partial class SqliteCredentialStorage
{
    /// <inheritdoc/>
    public Task<long> RetireKeyAsync(string keyId, DateTimeOffset retiredAt, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(keyId);
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = Open();
            // BEGIN IMMEDIATE takes the write lock first: no write can commit between the count and the record.
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$keyId", keyId);
            command.CommandText = SqliteFenceSql.IsRetired;
            if (command.ExecuteScalar() is not null)
            {
                return Task.FromResult(0L);
            }

            command.CommandText = SqliteFenceSql.CountWrapped;
            var wrapped = (long)command.ExecuteScalar()!;
            if (wrapped > 0)
            {
                return Task.FromResult(wrapped);
            }

            command.CommandText = SqliteFenceSql.Retire;
            command.Parameters.AddWithValue("$retiredAt", retiredAt.UtcTicks);
            command.ExecuteNonQuery();
            if (audit is not null)
            {
                Append(transaction, audit);
            }

            transaction.Commit();
            return Task.FromResult(0L);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListRetiredKeysAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteFenceSql.ListRetired;
            var keys = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }

            return Task.FromResult<IReadOnlyList<string>>(keys);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SealedCredentialRecord>> ListDeletedNotUnderKeyAsync(string keyId, DeletedCredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(keyId);
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = after is null ? SqliteRewrapSql.ListDeletedFirst : SqliteRewrapSql.ListDeletedAfter;
            command.Parameters.AddWithValue("$keyId", keyId);
            command.Parameters.AddWithValue("$limit", limit);
            if (after is not null)
            {
                command.Parameters.AddWithValue("$afterKeyId", after.KeyId);
                command.Parameters.AddWithValue("$org", after.OrganizationId);
                command.Parameters.AddWithValue("$id", FormatId(after.Id));
            }

            var results = new List<SealedCredentialRecord>(Math.Min(limit, 4096));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                results.Add(new SealedCredentialRecord(
                    reader.GetString(0),
                    SqliteIds.Parse(reader.GetString(1), reader.GetString(2)),
                    reader.GetString(2),
                    reader.GetInt64(3),
                    reader.GetString(4),
                    (byte[])reader.GetValue(5)));
            }

            return Task.FromResult<IReadOnlyList<SealedCredentialRecord>>(results);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<int> ReplaceDeletedSealedAsync(IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken = default) =>
        ApplyRewraps(SqliteRewrapSql.ReplaceDeleted, withOwner: false, rewraps, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<SettingRecord>> ListSettingsAsync(string namePrefix, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(namePrefix);
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = Open();
            using var command = connection.CreateCommand();
            // The settings table is small (a few rows per key): a scan with an exact prefix test, no LIKE wildcards to escape.
            command.CommandText = "SELECT name, value FROM settings WHERE substr(name, 1, length($prefix)) = $prefix ORDER BY name;";
            command.Parameters.AddWithValue("$prefix", namePrefix);
            var settings = new List<SettingRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                settings.Add(new SettingRecord(reader.GetString(0), (byte[])reader.GetValue(1)));
            }

            return Task.FromResult<IReadOnlyList<SettingRecord>>(settings);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<bool> ReplaceSettingAsync(string name, byte[] expectedValue, byte[] value, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(expectedValue);
            ArgumentNullException.ThrowIfNull(value);
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE settings SET value = $value WHERE name = $name AND value = $expected;";
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$expected", expectedValue);
            command.Parameters.AddWithValue("$value", value);
            return Task.FromResult(command.ExecuteNonQuery() == 1);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    private static bool IsRetired(SqliteConnection connection, string keyId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqliteFenceSql.IsRetired;
        command.Parameters.AddWithValue("$keyId", keyId);
        return command.ExecuteScalar() is not null;
    }
}
