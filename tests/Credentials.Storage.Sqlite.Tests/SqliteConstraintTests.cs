using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>Only the two uniqueness rules (key and id within an organization) read as a conflict; other failures throw (as storage errors).</summary>
public sealed class SqliteConstraintTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Insert_OtherConstraintFailure_ThrowsAndIsNotReportedAsAKeyConflict()
    {
        using var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();
        // A constraint that is not about uniqueness: a trigger refusing one key (SQLITE_CONSTRAINT_TRIGGER).
        _database.Scalar("CREATE TRIGGER refuse_blocked BEFORE INSERT ON credentials WHEN NEW.key = 'BLOCKED' BEGIN SELECT RAISE(ABORT, 'blocked'); END;");

        var error = await Assert.ThrowsAsync<CredentialStorageException>(() => storage.InsertAsync(TestRecords.New("acme", "BLOCKED")));

        Assert.False(error.IsTransient);
        Assert.Equal(1811, Assert.IsType<SqliteException>(error.InnerException).SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_TRIGGER
        Assert.Null(await storage.FindByKeyAsync("acme", null, "BLOCKED"));
    }

    [Fact]
    public async Task Insert_SameIdUnderAnotherKey_IsAConflict()
    {
        using var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();
        var first = TestRecords.New("acme", "FIRST_KEY");
        Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(first));
        var sameId = TestRecords.New("acme", "SECOND_KEY") is var other
            ? other with { Metadata = other.Metadata with { Id = first.Metadata.Id } }
            : null!;

        Assert.Equal(StorageWriteResult.KeyConflict, await storage.InsertAsync(sameId));
        Assert.Null(await storage.FindByKeyAsync("acme", null, "SECOND_KEY"));
    }
}
