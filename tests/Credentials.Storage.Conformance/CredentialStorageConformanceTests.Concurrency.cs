namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    private const int Contenders = 16;

    [Fact]
    public async Task InsertAsync_SameKeyFromManyTasks_ExactlyOneSucceeds()
    {
        var contenders = Enumerable.Range(0, Contenders).Select(i => TestRecords.New(Org, "RACE_KEY", name: $"Contender {i}")).ToArray();

        var results = await RaceAsync(Contenders, i => Storage.InsertAsync(contenders[i]));

        var winner = Assert.Single(results.Select((r, i) => (Result: r, Index: i)), x => x.Result == StorageWriteResult.Success);
        Assert.All(results.Where((_, i) => i != winner.Index), r => Assert.Equal(StorageWriteResult.KeyConflict, r));
        StorageAssert.SameRecord(contenders[winner.Index], await Storage.FindByKeyAsync(Org, "RACE_KEY"));
        Assert.Single(await Storage.ListAsync(Org, Query()));
    }

    [Fact]
    public async Task InsertAsync_DistinctKeysFromManyTasks_AllSucceed()
    {
        var records = Enumerable.Range(0, Contenders).Select(i => TestRecords.New(Org, $"KEY_{i:D2}")).ToArray();

        var results = await RaceAsync(Contenders, i => Storage.InsertAsync(records[i]));

        Assert.All(results, r => Assert.Equal(StorageWriteResult.Success, r));
        StorageAssert.SameRecords(records, await SnapshotAsync(Org));
    }

    [Fact]
    public async Task UpdateAsync_SameExpectedVersionFromManyTasks_ExactlyOneSucceeds()
    {
        var original = await InsertAsync(Org, "RACE_KEY");
        var contenders = Enumerable.Range(0, Contenders).Select(i => TestRecords.NextVersion(original, name: $"Contender {i}")).ToArray();

        var results = await RaceAsync(Contenders, i => Storage.UpdateAsync(contenders[i], expectedVersion: 1));

        var winner = Assert.Single(results.Select((r, i) => (Result: r, Index: i)), x => x.Result == StorageWriteResult.Success);
        Assert.All(results.Where((_, i) => i != winner.Index), r => Assert.Equal(StorageWriteResult.VersionConflict, r));
        StorageAssert.SameRecord(contenders[winner.Index], await Storage.FindByIdAsync(Org, original.Metadata.Id));
    }

    [Fact]
    public async Task DeleteAsync_SameExpectedVersionFromManyTasks_ExactlyOneSucceeds()
    {
        var record = await InsertAsync(Org, "RACE_KEY");

        var results = await RaceAsync(Contenders, _ => Storage.DeleteAsync(Org, record.Metadata.Id, expectedVersion: 1));

        Assert.Equal(1, results.Count(r => r == StorageWriteResult.Success));
        Assert.All(results.Where(r => r != StorageWriteResult.Success), r => Assert.Equal(StorageWriteResult.NotFound, r));
        Assert.Empty(await SnapshotAsync(Org));
    }

    [Fact]
    public async Task TryAddSettingAsync_SameNameFromManyTasks_ExactlyOneWinsAndItsValueIsKept()
    {
        var results = await RaceAsync(Contenders, i => Storage.TryAddSettingAsync("key-check/kek-1", [(byte)i]));

        var winner = Assert.Single(results.Select((r, i) => (Added: r, Index: i)), x => x.Added);
        var stored = await Storage.GetSettingAsync("key-check/kek-1");
        Assert.NotNull(stored);
        Assert.Equal([(byte)winner.Index], stored);
    }
}
