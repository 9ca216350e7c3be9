namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task PurgeAsync_Deleted_RemovesItAndItsAssignmentsForGood()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", null));
        await SoftDeleteAsync(record);

        Assert.True(await Storage.PurgeAsync(Org, record.Metadata.Id));

        Assert.Null(await Storage.FindDeletedAsync(Org, record.Metadata.Id));
        Assert.Empty(await Storage.ListDeletedAsync(Org));
        Assert.Empty(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id));
        Assert.Equal(StorageWriteResult.NotFound, await Storage.RestoreAsync(Org, record.Metadata.Id));
        Assert.False(await Storage.PurgeAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task PurgeAsync_ActiveUnknownOrAnotherOrganizations_ReturnsFalseAndChangesNothing()
    {
        var active = await InsertAsync(Org, "A_KEY");
        await Storage.AssignAsync(Assignment(active, "skill", "s-1", null));
        var deleted = await InsertAsync(Org, "B_KEY");
        await SoftDeleteAsync(deleted);

        Assert.False(await Storage.PurgeAsync(Org, active.Metadata.Id));
        Assert.False(await Storage.PurgeAsync(Org, Guid.NewGuid()));
        Assert.False(await Storage.PurgeAsync(OtherOrg, deleted.Metadata.Id));

        StorageAssert.SameRecords([active], await SnapshotAsync(Org));
        Assert.Single(await Storage.ListAssignmentsAsync(Org, active.Metadata.Id));
        Assert.NotNull(await Storage.FindDeletedAsync(Org, deleted.Metadata.Id));
    }

    [Fact]
    public async Task PurgeDeletedBeforeAsync_PurgesDeletedAtOrBeforeTheCutoffInEveryOrganization()
    {
        var older = await InsertAsync(Org, "A_KEY");
        await Storage.AssignAsync(Assignment(older, "skill", "s-1", null));
        await SoftDeleteAsync(older, DeletedAt.AddTicks(-10));
        var atCutoff = await InsertAsync(OtherOrg, "A_KEY");
        await SoftDeleteAsync(atCutoff, DeletedAt);
        var newer = await InsertAsync(Org, "B_KEY");
        await Storage.AssignAsync(Assignment(newer, "skill", "s-1", null));
        await SoftDeleteAsync(newer, DeletedAt.AddTicks(10));
        var active = await InsertAsync(Org, "C_KEY");
        await Storage.AssignAsync(Assignment(active, "skill", "s-1", null));

        var purged = await Storage.PurgeDeletedBeforeAsync(DeletedAt);

        Assert.Equal(2, purged);
        Assert.Equal([newer.Metadata.Id], (await Storage.ListDeletedAsync(Org)).Select(d => d.Metadata.Id));
        Assert.Empty(await Storage.ListDeletedAsync(OtherOrg));
        Assert.Empty(await Storage.ListAssignmentsAsync(Org, older.Metadata.Id));
        Assert.Single(await Storage.ListAssignmentsAsync(Org, newer.Metadata.Id));
        Assert.Single(await Storage.ListAssignmentsAsync(Org, active.Metadata.Id));
        StorageAssert.SameRecords([active], await SnapshotAsync(Org));
    }

    [Fact]
    public async Task PurgeDeletedBeforeAsync_CutoffWithAnOffset_ComparesInstants()
    {
        var record = await InsertAsync(Org, "A_KEY");
        await SoftDeleteAsync(record, DeletedAt);

        Assert.Equal(0, await Storage.PurgeDeletedBeforeAsync(DeletedAt.AddTicks(-10).ToOffset(TimeSpan.FromHours(-8))));
        Assert.Equal(1, await Storage.PurgeDeletedBeforeAsync(DeletedAt.ToOffset(TimeSpan.FromHours(5.5))));
    }

    [Fact]
    public async Task PurgeDeletedBeforeAsync_NothingDeleted_ReturnsZero()
    {
        await InsertAsync(Org, "A_KEY");

        Assert.Equal(0, await Storage.PurgeDeletedBeforeAsync(DateTimeOffset.MaxValue));
        Assert.Single(await SnapshotAsync(Org));
    }

    [Fact]
    public async Task CountByKeyIdAsync_SoftDeletedCountUntilPurged()
    {
        var deleted = await InsertAsync(Org, "A_KEY", keyId: "kek-1");
        await InsertAsync(Org, "B_KEY", keyId: "kek-2");
        await SoftDeleteAsync(deleted);

        Assert.Equal(1, (await Storage.CountByKeyIdAsync())["kek-1"]);

        Assert.True(await Storage.PurgeAsync(Org, deleted.Metadata.Id));
        Assert.False((await Storage.CountByKeyIdAsync()).ContainsKey("kek-1"));
        Assert.Equal(1, (await Storage.CountByKeyIdAsync())["kek-2"]);
    }

    [Fact]
    public async Task InitializeAsync_CalledAgain_KeepsDeletedCredentialsAndAssignments()
    {
        var record = await InsertAsync(Org, "A_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", null));
        await SoftDeleteAsync(record);

        await Storage.InitializeAsync();

        Assert.NotNull(await Storage.FindDeletedAsync(Org, record.Metadata.Id));
        Assert.Single(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id));
    }
}
