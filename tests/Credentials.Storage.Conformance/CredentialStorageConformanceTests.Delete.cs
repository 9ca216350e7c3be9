namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task DeleteAsync_ExpectedVersionMatches_RemovesRowAndFreesKey()
    {
        var doomed = await InsertAsync(Org, "OPENAI_API_KEY");
        var kept = await InsertAsync(Org, "KEPT_KEY");

        var result = await Storage.DeleteAsync(Org, doomed.Metadata.Id, expectedVersion: 1);

        Assert.Equal(StorageWriteResult.Success, result);
        Assert.Null(await Storage.FindByIdAsync(Org, doomed.Metadata.Id));
        Assert.Null(await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"));
        Assert.Equal(["KEPT_KEY"], await ListKeysAsync(Org, Query()));
        StorageAssert.SameRecord(kept, await Storage.FindByIdAsync(Org, kept.Metadata.Id));
        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(TestRecords.New(Org, "OPENAI_API_KEY")));
    }

    [Fact]
    public async Task DeleteAsync_AfterUpdate_NeedsTheNewVersion()
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY");
        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(TestRecords.NextVersion(original), expectedVersion: 1));

        Assert.Equal(StorageWriteResult.VersionConflict, await Storage.DeleteAsync(Org, original.Metadata.Id, expectedVersion: 1));
        Assert.Equal(StorageWriteResult.Success, await Storage.DeleteAsync(Org, original.Metadata.Id, expectedVersion: 2));
        Assert.Empty(await SnapshotAsync(Org));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task DeleteAsync_StaleExpectedVersion_ReturnsVersionConflictAndKeepsRow(long expectedVersion)
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY");
        var before = await SnapshotAsync(Org);

        var result = await Storage.DeleteAsync(Org, original.Metadata.Id, expectedVersion);

        Assert.Equal(StorageWriteResult.VersionConflict, result);
        StorageAssert.SameRecords(before, await SnapshotAsync(Org));
    }

    [Fact]
    public async Task DeleteAsync_UnknownId_ReturnsNotFoundAndChangesNothing()
    {
        await InsertAsync(Org, "OPENAI_API_KEY");
        var before = await SnapshotAsync(Org);

        var result = await Storage.DeleteAsync(Org, Guid.NewGuid(), expectedVersion: 1);

        Assert.Equal(StorageWriteResult.NotFound, result);
        StorageAssert.SameRecords(before, await SnapshotAsync(Org));
    }

    [Fact]
    public async Task DeleteAsync_AlreadyDeleted_ReturnsNotFound()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        Assert.Equal(StorageWriteResult.Success, await Storage.DeleteAsync(Org, record.Metadata.Id, expectedVersion: 1));

        Assert.Equal(StorageWriteResult.NotFound, await Storage.DeleteAsync(Org, record.Metadata.Id, expectedVersion: 1));
    }
}
