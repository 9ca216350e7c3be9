namespace Credentials.Storage.Sqlite;

/// <summary>Key rotation's statements use the indexes they were written for (a wrong plan makes a 100,000-row rewrap several times slower).</summary>
public sealed class SqliteRewrapQueryTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(SqliteRewrapSql.ListFirst, "USING INDEX ix_credentials_key_id")]
    [InlineData(SqliteRewrapSql.ListAfter, "USING INDEX ix_credentials_key_id ((key_id,org_id,owner_user_id,key)>(?,?,?,?))")]
    [InlineData(SqliteRewrapSql.Replace, "USING PRIMARY KEY (org_id=? AND owner_user_id=? AND key=?)")]
    public async Task Statement_UsesItsIndex_WithoutSorting(string sql, string expected)
    {
        await new SqliteCredentialStorage(_database.ConnectionString).InitializeAsync();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "$keyId", "$limit", "$afterKeyId", "$org", "$owner", "$key", "$id", "$version", "$expectedKeyId", "$sealed" })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, "x");
            }
        }

        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
