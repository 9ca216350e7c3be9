using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Security finding 10: what the store removes must leave the files. Without <c>secure_delete</c> SQLite only marks a
/// deleted row's space free, so a purged envelope stayed readable in credentials.db after the purge and a checkpoint.
/// The storage sees sealed bytes only, so the records here carry a recognizable byte pattern as their sealed secret.
/// </summary>
public sealed class SqliteSecureDeleteTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly byte[] _marker = Encoding.ASCII.GetBytes("SEALED-ENVELOPE-MARKER-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));

    public void Dispose() => _database.Dispose();

    public static TheoryData<string> Removals => ["purge", "purge-expired", "delete", "update", "rewrap"];

    [Theory]
    [MemberData(nameof(Removals))]
    public async Task RemovedSealedBytes_AfterACheckpoint_AreInNeitherTheDatabaseNorTheWal(string removal)
    {
        using var storage = new SqliteCredentialStorage(_database.ConnectionString);
        await storage.InitializeAsync();
        var record = TestRecords.New("acme", "OPENAI_API_KEY") is var r ? r with { SealedSecret = SealedWithMarker() } : null!;
        Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(record));
        Assert.Equal(StorageWriteResult.Success, await storage.InsertAsync(TestRecords.New("acme", "NEIGHBOUR_KEY")));

        // Control: the scan finds the marker where it is stored, so its absence below means something.
        Checkpoint();
        Assert.True(Contains(_database.FilePath), "The marker must be in the file once it is stored and checkpointed.");

        await RemoveAsync(storage, record, removal);
        Checkpoint();

        Assert.False(Contains(_database.FilePath), $"The sealed bytes are still in {Path.GetFileName(_database.FilePath)} after '{removal}' and a checkpoint.");
        Assert.False(File.Exists(_database.WalPath) && Contains(_database.WalPath), $"The sealed bytes are still in the WAL after '{removal}' and a checkpoint.");
        Assert.NotNull(await storage.FindByKeyAsync("acme", null, "NEIGHBOUR_KEY"));
    }

    [Fact]
    public void EveryConnection_HasSecureDeleteOn()
    {
        var database = new SqliteDatabase(_database.ConnectionString);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete;";

        Assert.Equal(1L, command.ExecuteScalar());
    }

    private async Task RemoveAsync(SqliteCredentialStorage storage, CredentialRecord record, string removal)
    {
        var id = record.Metadata.Id;
        switch (removal)
        {
            case "purge":
                Assert.Equal(StorageWriteResult.Success, await storage.SoftDeleteAsync("acme", id, 1, [], TestRecords.CreatedAt));
                Assert.True(await storage.PurgeAsync("acme", id));
                break;
            case "purge-expired":
                Assert.Equal(StorageWriteResult.Success, await storage.SoftDeleteAsync("acme", id, 1, [], TestRecords.CreatedAt));
                Assert.Equal(1, await storage.PurgeDeletedBeforeAsync(TestRecords.CreatedAt.AddDays(1)));
                break;
            case "delete":
                Assert.Equal(StorageWriteResult.Success, await storage.DeleteAsync("acme", id, 1));
                break;
            case "update":
                Assert.Equal(StorageWriteResult.Success, await storage.UpdateAsync(TestRecords.NextVersion(record), 1));
                break;
            case "rewrap":
                Assert.Equal(1, await storage.ReplaceSealedAsync([new RewrappedCredential("acme", id, record.Metadata.Key, 1, record.KeyId, "kek-2", TestRecords.SealedBytes(64))]));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(removal), removal, null);
        }
    }

    /// <summary>An envelope-sized value: the marker three times among random bytes.</summary>
    private byte[] SealedWithMarker()
    {
        var bytes = RandomNumberGenerator.GetBytes(400);
        for (var i = 0; i < 3; i++)
        {
            _marker.CopyTo(bytes, 20 + (i * 120));
        }

        return bytes;
    }

    private void Checkpoint()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(0L, reader.GetInt64(0)); // not blocked: the whole WAL went into the file and the WAL was emptied
    }

    private bool Contains(string path) => LeakScanner.ReadShared(path).AsSpan().IndexOf(_marker) >= 0;
}
