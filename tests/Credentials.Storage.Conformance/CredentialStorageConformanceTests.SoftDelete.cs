namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    /// <summary>A deletion instant with microsecond precision, like every timestamp the vault writes.</summary>
    protected static readonly DateTimeOffset DeletedAt = TestRecords.CreatedAt.AddDays(3).AddTicks(4_560);

    [Fact]
    public async Task SoftDeleteAsync_Active_LeavesEveryActiveReadAndFreesTheKey()
    {
        var doomed = await InsertAsync(Org, "OPENAI_API_KEY");
        var kept = await InsertAsync(Org, "KEPT_KEY");

        var result = await Storage.SoftDeleteAsync(Org, doomed.Metadata.Id, expectedVersion: 1, [], DeletedAt);

        Assert.Equal(StorageWriteResult.Success, result);
        Assert.Null(await Storage.FindByIdAsync(Org, doomed.Metadata.Id));
        Assert.Null(await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"));
        Assert.Equal(["KEPT_KEY"], await ListKeysAsync(Org, Query()));
        StorageAssert.SameRecord(kept, await Storage.FindByIdAsync(Org, kept.Metadata.Id));
        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(TestRecords.New(Org, "OPENAI_API_KEY")));
    }

    [Fact]
    public async Task SoftDeleteAsync_Active_IsFoundAndListedAsDeletedWithItsMetadataAndTime()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        await SoftDeleteAsync(record);

        var found = await Storage.FindDeletedAsync(Org, record.Metadata.Id);
        Assert.NotNull(found);
        StorageAssert.SameMetadata(record.Metadata, found.Metadata);
        Assert.Equal(DeletedAt.UtcTicks, found.DeletedAt.UtcTicks);
        var listed = Assert.Single(await Storage.ListDeletedAsync(Org));
        StorageAssert.SameMetadata(record.Metadata, listed.Metadata);
        Assert.Equal(DeletedAt.UtcTicks, listed.DeletedAt.UtcTicks);
    }

    [Fact]
    public async Task SoftDeleteAsync_KeepsTheAssignmentsWithTheDeletedCredential()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", "Research"));
        var assignments = await Storage.ListAssignmentsAsync(Org, record.Metadata.Id);

        Assert.Equal(StorageWriteResult.Success, await Storage.SoftDeleteAsync(Org, record.Metadata.Id, 1, assignments, DeletedAt));

        Assert.Equal(assignments, await Storage.ListAssignmentsAsync(Org, record.Metadata.Id));
        Assert.Empty(await Storage.ListAssignedCredentialsAsync(Org, "skill", "s-1"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task SoftDeleteAsync_StaleVersion_ReturnsVersionConflictAndChangesNothing(long expectedVersion)
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        var result = await Storage.SoftDeleteAsync(Org, record.Metadata.Id, expectedVersion, [], DeletedAt);

        Assert.Equal(StorageWriteResult.VersionConflict, result);
        StorageAssert.SameRecord(record, await Storage.FindByIdAsync(Org, record.Metadata.Id));
        Assert.Empty(await Storage.ListDeletedAsync(Org));
    }

    [Fact]
    public async Task SoftDeleteAsync_AnAssignmentTheCallerDidNotSee_ReturnsVersionConflictAndChangesNothing()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", null));
        var seen = await Storage.ListAssignmentsAsync(Org, record.Metadata.Id);
        await Storage.AssignAsync(Assignment(record, "llm_configuration", "s-1", null));

        var result = await Storage.SoftDeleteAsync(Org, record.Metadata.Id, 1, seen, DeletedAt);

        Assert.Equal(StorageWriteResult.VersionConflict, result);
        StorageAssert.SameRecord(record, await Storage.FindByIdAsync(Org, record.Metadata.Id));
        Assert.Equal(2, (await Storage.ListAssignmentsAsync(Org, record.Metadata.Id)).Count);
        Assert.Empty(await Storage.ListDeletedAsync(Org));
    }

    [Fact]
    public async Task SoftDeleteAsync_AnAssignmentRemovedSinceTheCallerRead_Succeeds()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", null));
        await Storage.AssignAsync(Assignment(record, "skill", "s-2", null));
        var seen = await Storage.ListAssignmentsAsync(Org, record.Metadata.Id);
        await Storage.UnassignAsync(Org, record.Metadata.Id, "skill", "s-1");

        Assert.Equal(StorageWriteResult.Success, await Storage.SoftDeleteAsync(Org, record.Metadata.Id, 1, seen, DeletedAt));

        Assert.Equal(["s-2"], (await Storage.ListAssignmentsAsync(Org, record.Metadata.Id)).Select(a => a.ConsumerId));
    }

    [Fact]
    public async Task SoftDeleteAsync_UnknownIdOrAnotherOrganization_ReturnsNotFoundAndChangesNothing()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Equal(StorageWriteResult.NotFound, await Storage.SoftDeleteAsync(Org, Guid.NewGuid(), 1, [], DeletedAt));
        Assert.Equal(StorageWriteResult.NotFound, await Storage.SoftDeleteAsync(OtherOrg, record.Metadata.Id, 1, [], DeletedAt));

        StorageAssert.SameRecord(record, await Storage.FindByIdAsync(Org, record.Metadata.Id));
        Assert.Empty(await Storage.ListDeletedAsync(Org));
        Assert.Empty(await Storage.ListDeletedAsync(OtherOrg));
    }

    [Fact]
    public async Task SoftDeleteAsync_AlreadyDeleted_ReturnsNotFound()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await SoftDeleteAsync(record);

        Assert.Equal(StorageWriteResult.NotFound, await Storage.SoftDeleteAsync(Org, record.Metadata.Id, 1, [], DeletedAt));
        Assert.Single(await Storage.ListDeletedAsync(Org));
    }

    [Fact]
    public async Task SoftDeleteAsync_SameExpectedVersionFromManyTasks_ExactlyOneSucceeds()
    {
        var record = await InsertAsync(Org, "RACE_KEY");

        var results = await RaceAsync(Contenders, _ => Storage.SoftDeleteAsync(Org, record.Metadata.Id, 1, [], DeletedAt));

        Assert.Equal(1, results.Count(r => r == StorageWriteResult.Success));
        Assert.All(results.Where(r => r != StorageWriteResult.Success), r => Assert.Equal(StorageWriteResult.NotFound, r));
        Assert.Single(await Storage.ListDeletedAsync(Org));
    }

    [Fact]
    public async Task ListDeletedAsync_SeveralWithOneKey_OrderedByKeyThenMostRecentFirst()
    {
        var first = await InsertAsync(Org, "B_KEY");
        await SoftDeleteAsync(first, DeletedAt);
        var second = await InsertAsync(Org, "B_KEY");
        await SoftDeleteAsync(second, DeletedAt.AddHours(1));
        var other = await InsertAsync(Org, "A_KEY");
        await SoftDeleteAsync(other, DeletedAt.AddHours(2));
        await SoftDeleteAsync(await InsertAsync(OtherOrg, "A_KEY"));

        var listed = await Storage.ListDeletedAsync(Org);

        Assert.Equal([other.Metadata.Id, second.Metadata.Id, first.Metadata.Id], listed.Select(d => d.Metadata.Id));
    }

    [Fact]
    public async Task FindDeletedAsync_ActiveOrAnotherOrganizations_ReturnsNull()
    {
        var active = await InsertAsync(Org, "A_KEY");
        var deleted = await InsertAsync(Org, "B_KEY");
        await SoftDeleteAsync(deleted);

        Assert.Null(await Storage.FindDeletedAsync(Org, active.Metadata.Id));
        Assert.Null(await Storage.FindDeletedAsync(OtherOrg, deleted.Metadata.Id));
        Assert.Empty(await Storage.ListDeletedAsync(OtherOrg));
    }

    [Fact]
    public async Task RestoreAsync_Deleted_ComesBackExactlyWithItsAssignments()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", "Research"));
        var assignments = await Storage.ListAssignmentsAsync(Org, record.Metadata.Id);
        await SoftDeleteAsync(record, assignments: assignments);

        Assert.Equal(StorageWriteResult.Success, await Storage.RestoreAsync(Org, record.Metadata.Id));

        StorageAssert.SameRecord(record, await Storage.FindByIdAsync(Org, record.Metadata.Id));
        StorageAssert.SameRecord(record, await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"));
        Assert.Equal(assignments, await Storage.ListAssignmentsAsync(Org, record.Metadata.Id));
        Assert.Equal(["OPENAI_API_KEY"], (await Storage.ListAssignedCredentialsAsync(Org, "skill", "s-1")).Select(m => m.Key));
        Assert.Null(await Storage.FindDeletedAsync(Org, record.Metadata.Id));
        Assert.Empty(await Storage.ListDeletedAsync(Org));
    }

    [Fact]
    public async Task RestoreAsync_KeyTakenByANewCredential_ReturnsKeyConflictAndChangesNothing()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await SoftDeleteAsync(record);
        var newcomer = await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Equal(StorageWriteResult.KeyConflict, await Storage.RestoreAsync(Org, record.Metadata.Id));

        StorageAssert.SameRecord(newcomer, await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"));
        Assert.Null(await Storage.FindByIdAsync(Org, record.Metadata.Id));
        Assert.NotNull(await Storage.FindDeletedAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task RestoreAsync_KeyTakenOnlyInAnotherOrganization_Succeeds()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await SoftDeleteAsync(record);
        await InsertAsync(OtherOrg, "OPENAI_API_KEY");

        Assert.Equal(StorageWriteResult.Success, await Storage.RestoreAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task RestoreAsync_UnknownActiveOrAnotherOrganizations_ReturnsNotFoundAndChangesNothing()
    {
        var active = await InsertAsync(Org, "A_KEY");
        var deleted = await InsertAsync(Org, "B_KEY");
        await SoftDeleteAsync(deleted);

        Assert.Equal(StorageWriteResult.NotFound, await Storage.RestoreAsync(Org, Guid.NewGuid()));
        Assert.Equal(StorageWriteResult.NotFound, await Storage.RestoreAsync(Org, active.Metadata.Id));
        Assert.Equal(StorageWriteResult.NotFound, await Storage.RestoreAsync(OtherOrg, deleted.Metadata.Id));

        StorageAssert.SameRecords([active], await SnapshotAsync(Org));
        Assert.Empty(await SnapshotAsync(OtherOrg));
        Assert.NotNull(await Storage.FindDeletedAsync(Org, deleted.Metadata.Id));
    }

    [Fact]
    public async Task RestoreAsync_FromManyTasks_ExactlyOneSucceeds()
    {
        var record = await InsertAsync(Org, "RACE_KEY");
        await SoftDeleteAsync(record);

        var results = await RaceAsync(Contenders, _ => Storage.RestoreAsync(Org, record.Metadata.Id));

        Assert.Equal(1, results.Count(r => r == StorageWriteResult.Success));
        StorageAssert.SameRecords([record], await SnapshotAsync(Org));
    }

    /// <summary>
    /// Soft-deletes a record at <see cref="DeletedAt"/> (or <paramref name="at"/>), having seen <paramref name="assignments"/>
    /// (or, when null, its current assignments), and asserts success.
    /// </summary>
    protected async Task SoftDeleteAsync(CredentialRecord record, DateTimeOffset? at = null, IReadOnlyCollection<AssignmentRecord>? assignments = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var m = record.Metadata;
        assignments ??= await Storage.ListAssignmentsAsync(m.OrganizationId, m.Id);
        var result = await Storage.SoftDeleteAsync(m.OrganizationId, m.Id, m.Version, assignments, at ?? DeletedAt);
        Assert.Equal(StorageWriteResult.Success, result);
    }
}
