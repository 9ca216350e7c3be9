namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task FindByIdAsync_IdOfAnotherOrganization_ReturnsNull()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Null(await Storage.FindByIdAsync(OtherOrg, record.Metadata.Id));
    }

    [Fact]
    public async Task FindByKeyAsync_KeyOfAnotherOrganization_ReturnsNull()
    {
        await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Null(await Storage.FindByKeyAsync(OtherOrg, "OPENAI_API_KEY"));
    }

    [Theory]
    [InlineData("ACME")]
    [InlineData("acme ")]
    [InlineData("acm")]
    [InlineData("%")]
    public async Task AllReads_OrganizationNotOrdinallyEqual_SeeNothing(string organizationId)
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Null(await Storage.FindByIdAsync(organizationId, record.Metadata.Id));
        Assert.Null(await Storage.FindByKeyAsync(organizationId, "OPENAI_API_KEY"));
        Assert.Empty(await Storage.ListAsync(organizationId, Query()));
    }

    [Fact]
    public async Task ListAsync_AnotherOrganizationHasRows_ReturnsOnlyOwnRows()
    {
        await InsertAsync(Org, "A_KEY");
        await InsertAsync(Org, "C_KEY");
        await InsertAsync(OtherOrg, "B_KEY");
        await InsertAsync(OtherOrg, "C_KEY");

        var acme = await Storage.ListAsync(Org, Query());
        var globex = await Storage.ListAsync(OtherOrg, Query());

        Assert.All(acme, r => Assert.Equal(Org, r.OrganizationId));
        Assert.Equal(["A_KEY", "C_KEY"], acme.Select(r => r.Key));
        Assert.All(globex, r => Assert.Equal(OtherOrg, r.OrganizationId));
        Assert.Equal(["B_KEY", "C_KEY"], globex.Select(r => r.Key));
        Assert.Empty(await Storage.ListAsync("initech", Query()));
    }

    [Fact]
    public async Task ListAsync_FiltersAndPagingInOneOrganization_NeverReturnAnotherOrganizationsRows()
    {
        await InsertAsync(Org, "B_KEY", category: "runtime", type: "smtp");
        await InsertAsync(OtherOrg, "A_KEY", category: "runtime", type: "smtp");
        await InsertAsync(OtherOrg, "C_KEY", category: "runtime", type: "smtp");

        var rows = await Storage.ListAsync(Org, Query(category: "runtime", type: "smtp", searchText: "KEY", afterKey: "A", limit: 10));

        Assert.Equal("B_KEY", Assert.Single(rows).Key);
        Assert.Equal(Org, rows[0].OrganizationId);
    }

    [Fact]
    public async Task UpdateAsync_IdOfAnotherOrganization_ReturnsNotFoundAndChangesNothing()
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY");
        var before = await SnapshotAsync(Org);
        var next = TestRecords.NextVersion(original);
        var intruder = next with { Metadata = next.Metadata with { OrganizationId = OtherOrg } };

        var result = await Storage.UpdateAsync(intruder, expectedVersion: 1);

        Assert.Equal(StorageWriteResult.NotFound, result);
        StorageAssert.SameRecords(before, await SnapshotAsync(Org));
        Assert.Empty(await SnapshotAsync(OtherOrg));
    }

    [Fact]
    public async Task DeleteAsync_IdOfAnotherOrganization_ReturnsNotFoundAndChangesNothing()
    {
        var original = await InsertAsync(Org, "OPENAI_API_KEY");
        var before = await SnapshotAsync(Org);

        var result = await Storage.DeleteAsync(OtherOrg, original.Metadata.Id, expectedVersion: 1);

        Assert.Equal(StorageWriteResult.NotFound, result);
        StorageAssert.SameRecords(before, await SnapshotAsync(Org));
    }

    [Fact]
    public async Task UpdateAsync_KeyTakenOnlyInAnotherOrganization_Succeeds()
    {
        var original = await InsertAsync(Org, "OLD_KEY");
        var other = await InsertAsync(OtherOrg, "NEW_KEY");
        var next = TestRecords.NextVersion(original, key: "NEW_KEY");

        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(next, expectedVersion: 1));

        StorageAssert.SameRecord(next, await Storage.FindByKeyAsync(Org, "NEW_KEY"));
        StorageAssert.SameRecord(other, await Storage.FindByKeyAsync(OtherOrg, "NEW_KEY"));
    }
}
