using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>What key management reads and writes: counts per key, the rewrap walk and swap, and the insert-once settings.</summary>
public sealed partial class SqliteCredentialStorage
{
    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, long>> CountByKeyIdAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT key_id, COUNT(*) FROM (SELECT key_id FROM credentials UNION ALL SELECT key_id FROM deleted_credentials) GROUP BY key_id;";
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return Task.FromResult<IReadOnlyDictionary<string, long>>(counts);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SealedCredentialRecord>> ListNotUnderKeyAsync(string keyId, SealedCredentialCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = after is null ? SqliteRewrapSql.ListFirst : SqliteRewrapSql.ListAfter;
            command.Parameters.AddWithValue("$keyId", keyId);
            command.Parameters.AddWithValue("$limit", limit);
            if (after is not null)
            {
                command.Parameters.AddWithValue("$afterKeyId", after.KeyId);
                command.Parameters.AddWithValue("$org", after.OrganizationId);
                command.Parameters.AddWithValue("$owner", after.OwnerUserId ?? string.Empty);
                command.Parameters.AddWithValue("$key", after.Key);
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
                    (byte[])reader.GetValue(5))
                {
                    OwnerUserId = OwnerOrNull(reader.GetString(6)),
                });
            }

            return Task.FromResult<IReadOnlyList<SealedCredentialRecord>>(results);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<int> ReplaceSealedAsync(IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken = default) =>
        ApplyRewraps(SqliteRewrapSql.Replace, withOwner: true, rewraps, cancellationToken);

    /// <summary>
    /// Applies a batch of rewraps (<see cref="SqliteRewrapSql.Replace"/> to credentials, <see cref="SqliteRewrapSql.ReplaceDeleted"/>
    /// to the recycle bin) in one write transaction: a crash leaves the whole batch applied or none of it. Returns how many
    /// rows still matched (a row that changed since it was read is left as it is).
    /// </summary>
    private Task<int> ApplyRewraps(string sql, bool withOwner, IReadOnlyList<RewrappedCredential> rewraps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rewraps);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (rewraps.Count == 0)
            {
                return Task.FromResult(0);
            }

            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            var org = command.Parameters.Add("$org", SqliteType.Text);
            var owner = withOwner ? command.Parameters.Add("$owner", SqliteType.Text) : null;
            var key = command.Parameters.Add("$key", SqliteType.Text);
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var version = command.Parameters.Add("$version", SqliteType.Integer);
            var expectedKeyId = command.Parameters.Add("$expectedKeyId", SqliteType.Text);
            var newKeyId = command.Parameters.Add("$keyId", SqliteType.Text);
            var sealedSecret = command.Parameters.Add("$sealed", SqliteType.Blob);
            command.Prepare();

            var applied = 0;
            foreach (var rewrap in rewraps)
            {
                org.Value = rewrap.OrganizationId;
                owner?.Value = rewrap.OwnerUserId ?? string.Empty;
                key.Value = rewrap.Key;
                id.Value = FormatId(rewrap.Id);
                version.Value = rewrap.ExpectedVersion;
                expectedKeyId.Value = rewrap.ExpectedKeyId;
                newKeyId.Value = rewrap.KeyId;
                sealedSecret.Value = rewrap.SealedSecret;
                applied += command.ExecuteNonQuery();
            }

            transaction.Commit();
            return Task.FromResult(applied);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<byte[]?> GetSettingAsync(string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM settings WHERE name = $name;";
            command.Parameters.AddWithValue("$name", name);
            return Task.FromResult(command.ExecuteScalar() as byte[]);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <inheritdoc/>
    public Task<bool> TryAddSettingAsync(string name, byte[] value, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO settings (name, value) VALUES ($name, $value) ON CONFLICT (name) DO NOTHING;";
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$value", value);
            return Task.FromResult(command.ExecuteNonQuery() == 1);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }
}
