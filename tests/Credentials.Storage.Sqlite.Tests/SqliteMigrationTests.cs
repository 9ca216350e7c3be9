namespace Credentials.Storage.Sqlite;

/// <summary>Files written by an earlier version of the schema are upgraded in place and keep everything.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    // Schema version 1 exactly as it shipped: what a store in the field holds before the assignments migration.
    private const string Version1 =
        """
        CREATE TABLE credentials (
            org_id          TEXT    NOT NULL,
            key             TEXT    NOT NULL,
            id              TEXT    NOT NULL,
            name            TEXT    NOT NULL,
            category        TEXT    NOT NULL,
            type            TEXT    NOT NULL,
            masked_summary  TEXT    NOT NULL,
            template_id     TEXT    NULL,
            search_text     TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            version         INTEGER NOT NULL,
            key_id          TEXT    NOT NULL,
            sealed          BLOB    NOT NULL,
            PRIMARY KEY (org_id, key)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX ux_credentials_org_id ON credentials (org_id, id);
        CREATE INDEX ix_credentials_key_id ON credentials (key_id);
        CREATE TABLE settings (
            name  TEXT PRIMARY KEY NOT NULL,
            value BLOB NOT NULL
        ) WITHOUT ROWID;
        PRAGMA user_version = 1;
        """;

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task InitializeAsync_Version1File_AddsAssignmentsAndSoftDeleteAndKeepsRows()
    {
        _database.Scalar("PRAGMA journal_mode=WAL;");
        _database.Scalar(Version1);
        var record = TestRecords.New("acme", "OPENAI_API_KEY");
        InsertAsVersion1(record);

        var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();

        Assert.True((long)_database.Scalar("PRAGMA user_version;")! >= 2);
        StorageAssert.SameRecord(record, await storage.FindByKeyAsync("acme", "OPENAI_API_KEY"));
        Assert.Equal(StorageWriteResult.Success, await storage.AssignAsync(new AssignmentRecord("acme", record.Metadata.Id, "skill", "s-1", null)));
        var assignments = await storage.ListAssignmentsAsync("acme", record.Metadata.Id);
        Assert.Equal(StorageWriteResult.Success, await storage.SoftDeleteAsync("acme", record.Metadata.Id, 1, assignments, TestRecords.CreatedAt));
        Assert.Equal(StorageWriteResult.Success, await storage.RestoreAsync("acme", record.Metadata.Id));
        StorageAssert.SameRecord(record, await storage.FindByIdAsync("acme", record.Metadata.Id));
        Assert.Equal(assignments, await storage.ListAssignmentsAsync("acme", record.Metadata.Id));
    }

    /// <summary>The row a version-1 provider wrote (its insert statement knew no later table).</summary>
    private void InsertAsVersion1(CredentialRecord record)
    {
        var m = record.Metadata;
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO credentials (org_id, key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version, key_id, sealed) " +
            "VALUES ($org, $key, $id, $name, $category, $type, $masked, NULL, $search, $created, $updated, $version, $keyId, $sealed);";
        command.Parameters.AddWithValue("$org", m.OrganizationId);
        command.Parameters.AddWithValue("$key", m.Key);
        command.Parameters.AddWithValue("$id", m.Id.ToString("N"));
        command.Parameters.AddWithValue("$name", m.Name);
        command.Parameters.AddWithValue("$category", m.Category);
        command.Parameters.AddWithValue("$type", m.Type);
        command.Parameters.AddWithValue("$masked", m.MaskedSummary);
        command.Parameters.AddWithValue("$search", m.SearchText);
        command.Parameters.AddWithValue("$created", m.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue("$updated", m.UpdatedAt.UtcTicks);
        command.Parameters.AddWithValue("$version", m.Version);
        command.Parameters.AddWithValue("$keyId", record.KeyId);
        command.Parameters.AddWithValue("$sealed", record.SealedSecret);
        command.ExecuteNonQuery();
    }
}
