namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task InsertAsync_KeyTakenInSameOrganization_ReturnsKeyConflictAndChangesNothing()
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY");
        var before = await SnapshotAsync(Org);

        var result = await Storage.InsertAsync(TestRecords.New(Org, "OPENAI_API_KEY", category: "runtime", keyId: "kek-2"));

        Assert.Equal(StorageWriteResult.KeyConflict, result);
        StorageAssert.SameRecords(before, await SnapshotAsync(Org));
        StorageAssert.SameRecord(original, await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"));
        Assert.Equal(1, (await Storage.CountByKeyIdAsync())["kek-1"]);
        Assert.False((await Storage.CountByKeyIdAsync()).ContainsKey("kek-2"));
    }

    [Fact]
    public async Task InsertAsync_IdTakenInSameOrganization_FailsAndChangesNothing()
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY");
        var before = await SnapshotAsync(Org);
        var sameId = TestRecords.New(Org, "OTHER_KEY");
        sameId = sameId with { Metadata = sameId.Metadata with { Id = original.Metadata.Id } };

        var result = await Storage.InsertAsync(sameId);

        Assert.NotEqual(StorageWriteResult.Success, result);
        StorageAssert.SameRecords(before, await SnapshotAsync(Org));
        Assert.Null(await Storage.FindByKeyAsync(Org, "OTHER_KEY"));
    }

    [Fact]
    public async Task InsertAsync_SameKeyInTwoOrganizations_BothSucceed()
    {
        var acme = TestRecords.New(Org, "OPENAI_API_KEY");
        var globex = TestRecords.New(OtherOrg, "OPENAI_API_KEY");

        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(acme));
        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(globex));

        StorageAssert.SameRecord(acme, await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"));
        StorageAssert.SameRecord(globex, await Storage.FindByKeyAsync(OtherOrg, "OPENAI_API_KEY"));
    }

    [Fact]
    public async Task InsertAsync_SameIdInTwoOrganizations_BothSucceed()
    {
        var acme = TestRecords.New(Org, "OPENAI_API_KEY");
        var globex = TestRecords.New(OtherOrg, "ANTHROPIC_API_KEY");
        globex = globex with { Metadata = globex.Metadata with { Id = acme.Metadata.Id } };

        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(acme));
        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(globex));

        StorageAssert.SameRecord(acme, await Storage.FindByIdAsync(Org, acme.Metadata.Id));
        StorageAssert.SameRecord(globex, await Storage.FindByIdAsync(OtherOrg, acme.Metadata.Id));
    }
}
