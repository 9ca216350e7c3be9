namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task CountByKeyIdAsync_EmptyStorage_ReturnsEmpty()
    {
        Assert.Empty(await Storage.CountByKeyIdAsync());
    }

    [Fact]
    public async Task CountByKeyIdAsync_RowsInSeveralOrganizations_CountsPerKeyIdAcrossOrganizations()
    {
        await InsertAsync(Org, "A_KEY", keyId: "kek-1");
        await InsertAsync(Org, "B_KEY", keyId: "kek-1");
        await InsertAsync(OtherOrg, "A_KEY", keyId: "kek-1");
        await InsertAsync(OtherOrg, "B_KEY", keyId: "kek-2");
        await InsertAsync("initech", "A_KEY", keyId: "KEK-1");

        var counts = await Storage.CountByKeyIdAsync();

        Assert.Equal(
            new Dictionary<string, long>(StringComparer.Ordinal) { ["kek-1"] = 3, ["kek-2"] = 1, ["KEK-1"] = 1 },
            counts.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal));
    }

    [Fact]
    public async Task CountByKeyIdAsync_AfterUpdateAndDelete_CountsCurrentRows()
    {
        var rewrapped = await InsertAsync(Org, "A_KEY", keyId: "kek-1");
        var deleted = await InsertAsync(Org, "B_KEY", keyId: "kek-1");
        await InsertAsync(Org, "C_KEY", keyId: "kek-1");

        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(TestRecords.NextVersion(rewrapped, keyId: "kek-2"), expectedVersion: 1));
        Assert.Equal(StorageWriteResult.Success, await Storage.DeleteAsync(Org, deleted.Metadata.Id, expectedVersion: 1));

        var counts = await Storage.CountByKeyIdAsync();

        Assert.Equal(2, counts.Count);
        Assert.Equal(1, counts["kek-1"]);
        Assert.Equal(1, counts["kek-2"]);
    }
}
