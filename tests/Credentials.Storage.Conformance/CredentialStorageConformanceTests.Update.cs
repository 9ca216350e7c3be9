namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task UpdateAsync_ExpectedVersionMatches_ReturnsSuccessAndStoresNewValues()
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY");
        var next = TestRecords.NextVersion(original);

        var result = await Storage.UpdateAsync(next, expectedVersion: 1);

        Assert.Equal(StorageWriteResult.Success, result);
        StorageAssert.SameRecord(next, await Storage.FindByIdAsync(Org, original.Metadata.Id));
        StorageAssert.SameRecord(next, await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"));
        StorageAssert.SameMetadata(next.Metadata, Assert.Single(await Storage.ListAsync(Org, Query())));
        Assert.Equal(2, next.Metadata.Version);
    }

    [Fact]
    public async Task UpdateAsync_SuccessiveUpdatesWithPreviousVersion_EachSucceeds()
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY");
        var second = TestRecords.NextVersion(original);
        var third = TestRecords.NextVersion(second);

        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(second, expectedVersion: 1));
        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(third, expectedVersion: 2));

        StorageAssert.SameRecord(third, await Storage.FindByIdAsync(Org, original.Metadata.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    public async Task UpdateAsync_StaleExpectedVersion_ReturnsVersionConflictAndChangesNothing(long expectedVersion)
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY");
        var before = await SnapshotAsync(Org);

        var result = await Storage.UpdateAsync(TestRecords.NextVersion(original, key: "RENAMED_KEY"), expectedVersion);

        Assert.Equal(StorageWriteResult.VersionConflict, result);
        StorageAssert.SameRecords(before, await SnapshotAsync(Org));
        Assert.Null(await Storage.FindByKeyAsync(Org, "RENAMED_KEY"));
    }

    [Fact]
    public async Task UpdateAsync_VersionAlreadyUsedByAnEarlierUpdate_ReturnsVersionConflict()
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY");
        var winner = TestRecords.NextVersion(original, name: "Winner");
        var loser = TestRecords.NextVersion(original, name: "Loser");
        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(winner, expectedVersion: 1));

        Assert.Equal(StorageWriteResult.VersionConflict, await Storage.UpdateAsync(loser, expectedVersion: 1));

        StorageAssert.SameRecord(winner, await Storage.FindByIdAsync(Org, original.Metadata.Id));
    }

    [Fact]
    public async Task UpdateAsync_UnknownId_ReturnsNotFoundAndInsertsNothing()
    {
        await InsertAsync(Org, "OPENAI_API_KEY");
        var before = await SnapshotAsync(Org);
        var stranger = TestRecords.NextVersion(TestRecords.New(Org, "STRANGER_KEY"));

        var result = await Storage.UpdateAsync(stranger, expectedVersion: 1);

        Assert.Equal(StorageWriteResult.NotFound, result);
        StorageAssert.SameRecords(before, await SnapshotAsync(Org));
        Assert.Null(await Storage.FindByIdAsync(Org, stranger.Metadata.Id));
    }

    [Fact]
    public async Task UpdateAsync_KeyTakenByAnotherCredential_ReturnsKeyConflictAndChangesNothing()
    {
        var first = await InsertAsync(Org, "FIRST_KEY");
        var second = await InsertAsync(Org, "SECOND_KEY");
        var before = await SnapshotAsync(Org);

        var result = await Storage.UpdateAsync(TestRecords.NextVersion(second, key: "FIRST_KEY"), expectedVersion: 1);

        Assert.Equal(StorageWriteResult.KeyConflict, result);
        StorageAssert.SameRecords(before, await SnapshotAsync(Org));
        StorageAssert.SameRecord(first, await Storage.FindByKeyAsync(Org, "FIRST_KEY"));
        StorageAssert.SameRecord(second, await Storage.FindByKeyAsync(Org, "SECOND_KEY"));
    }

    [Fact]
    public async Task UpdateAsync_KeyChanged_FindsByNewKeyAndFreesOldKey()
    {
        var original = await InsertAsync(Org, "OLD_KEY");
        var renamed = TestRecords.NextVersion(original, key: "NEW_KEY");

        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(renamed, expectedVersion: 1));

        Assert.Null(await Storage.FindByKeyAsync(Org, "OLD_KEY"));
        StorageAssert.SameRecord(renamed, await Storage.FindByKeyAsync(Org, "NEW_KEY"));
        var newcomer = TestRecords.New(Org, "OLD_KEY");
        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(newcomer));
        StorageAssert.SameRecord(newcomer, await Storage.FindByKeyAsync(Org, "OLD_KEY"));
        StorageAssert.SameRecord(renamed, await Storage.FindByKeyAsync(Org, "NEW_KEY"));
        Assert.Equal(["NEW_KEY", "OLD_KEY"], await ListKeysAsync(Org, Query()));
    }

    [Fact]
    public async Task UpdateAsync_KeySwappedThroughATemporaryKey_Succeeds()
    {
        var a = await InsertAsync(Org, "A_KEY");
        var b = await InsertAsync(Org, "B_KEY");
        var a2 = TestRecords.NextVersion(a, key: "TEMP_KEY");
        var b2 = TestRecords.NextVersion(b, key: "A_KEY");
        var a3 = TestRecords.NextVersion(a2, key: "B_KEY");

        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(a2, expectedVersion: 1));
        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(b2, expectedVersion: 1));
        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(a3, expectedVersion: 2));

        StorageAssert.SameRecord(b2, await Storage.FindByKeyAsync(Org, "A_KEY"));
        StorageAssert.SameRecord(a3, await Storage.FindByKeyAsync(Org, "B_KEY"));
        Assert.Null(await Storage.FindByKeyAsync(Org, "TEMP_KEY"));
    }

    [Fact]
    public async Task UpdateAsync_SameKeyAndKeyId_StoresEveryOtherColumn_AndTheKeyIdCountStaysPut()
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY", keyId: "kek-1");
        await InsertAsync(Org, "OTHER_KEY", keyId: "kek-1");
        var next = TestRecords.NextVersion(original, keyId: "kek-1");

        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(next, expectedVersion: 1));

        StorageAssert.SameRecord(next, await Storage.FindByIdAsync(Org, original.Metadata.Id));
        StorageAssert.SameRecord(next, await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"));
        StorageAssert.SameMetadata(next.Metadata, (await Storage.ListAsync(Org, Query())).Single(m => m.Id == original.Metadata.Id));
        Assert.Equal(2, Assert.Single(await Storage.CountByKeyIdAsync(), c => c.Key == "kek-1").Value);
    }

    /// <summary>
    /// A write sealed under the key id it read, after a rewrap moved the row to another key (a rewrap keeps the version): the
    /// row must end with the key id its new sealed bytes were made under, never the rewrap's key id beside the writer's bytes.
    /// </summary>
    [Fact]
    public async Task UpdateAsync_RowRewrappedSinceItWasRead_StoresTheKeyIdOfTheNewBytes()
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY", keyId: "kek-1");
        Assert.Equal(1, await Storage.ReplaceSealedAsync([new RewrappedCredential(Org, original.Metadata.Id, "OPENAI_API_KEY", 1, "kek-1", "kek-2", [7, 7, 7])]));
        var next = TestRecords.NextVersion(original, keyId: "kek-1");

        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(next, expectedVersion: 1));

        var stored = await Storage.FindByIdAsync(Org, original.Metadata.Id);
        StorageAssert.SameRecord(next, stored);
        Assert.Equal("kek-1", stored!.KeyId);
        Assert.Equal(new Dictionary<string, long> { ["kek-1"] = 1 }, await Storage.CountByKeyIdAsync());
    }

    [Fact]
    public async Task UpdateAsync_KeyChangedUnderTheSameKeyId_MovesTheRowAndFreesTheOldKey()
    {
        var original = await InsertAsync(Org, "OLD_KEY", keyId: "kek-1");
        var renamed = TestRecords.NextVersion(original, key: "NEW_KEY", keyId: "kek-1");

        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(renamed, expectedVersion: 1));

        Assert.Null(await Storage.FindByKeyAsync(Org, "OLD_KEY"));
        StorageAssert.SameRecord(renamed, await Storage.FindByKeyAsync(Org, "NEW_KEY"));
        StorageAssert.SameRecord(renamed, await Storage.FindByIdAsync(Org, original.Metadata.Id));
    }
}
