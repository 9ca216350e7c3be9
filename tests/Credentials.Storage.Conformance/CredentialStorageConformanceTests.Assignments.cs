namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task AssignAsync_ActiveCredential_IsListedForTheCredentialAndTheConsumer()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Equal(StorageWriteResult.Success, await Storage.AssignAsync(Assignment(record, "llm_configuration", "chat-1", "Support chat")));

        var assignment = Assert.Single(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id));
        Assert.Equal(Assignment(record, "llm_configuration", "chat-1", "Support chat"), assignment);
        var listed = Assert.Single(await Storage.ListAssignedCredentialsAsync(Org, "llm_configuration", "chat-1"));
        StorageAssert.SameMetadata(record.Metadata, listed);
    }

    [Fact]
    public async Task AssignAsync_SameConsumerTwice_KeepsOneRowAndTakesTheNewDisplayName()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Equal(StorageWriteResult.Success, await Storage.AssignAsync(Assignment(record, "skill", "s-1", "Old name")));
        Assert.Equal(StorageWriteResult.Success, await Storage.AssignAsync(Assignment(record, "skill", "s-1", "New name")));

        Assert.Equal("New name", Assert.Single(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id)).DisplayName);
    }

    [Fact]
    public async Task AssignAsync_AgainWithoutDisplayName_KeepsTheStoredOne()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", "Research"));

        Assert.Equal(StorageWriteResult.Success, await Storage.AssignAsync(Assignment(record, "skill", "s-1", null)));

        Assert.Equal("Research", Assert.Single(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id)).DisplayName);
    }

    [Fact]
    public async Task AssignAsync_WithoutDisplayName_StoresNull()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        await Storage.AssignAsync(Assignment(record, "runtime", "rt-1", null));

        Assert.Null(Assert.Single(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id)).DisplayName);
    }

    [Fact]
    public async Task AssignAsync_UnknownCredential_ReturnsNotFoundAndStoresNothing()
    {
        var unknown = Guid.NewGuid();

        var result = await Storage.AssignAsync(new AssignmentRecord(Org, unknown, "skill", "s-1", null));

        Assert.Equal(StorageWriteResult.NotFound, result);
        Assert.Empty(await Storage.ListAssignmentsAsync(Org, unknown));
        Assert.Empty(await Storage.ListAssignedCredentialsAsync(Org, "skill", "s-1"));
    }

    [Fact]
    public async Task AssignAsync_CredentialOfAnotherOrganization_ReturnsNotFoundAndStoresNothing()
    {
        var theirs = await InsertAsync(OtherOrg, "OPENAI_API_KEY");

        var result = await Storage.AssignAsync(new AssignmentRecord(Org, theirs.Metadata.Id, "skill", "s-1", null));

        Assert.Equal(StorageWriteResult.NotFound, result);
        Assert.Empty(await Storage.ListAssignmentsAsync(Org, theirs.Metadata.Id));
        Assert.Empty(await Storage.ListAssignmentsAsync(OtherOrg, theirs.Metadata.Id));
        Assert.Empty(await Storage.ListAssignedCredentialsAsync(Org, "skill", "s-1"));
        Assert.Empty(await Storage.ListAssignedCredentialsAsync(OtherOrg, "skill", "s-1"));
    }

    [Fact]
    public async Task AssignAsync_SoftDeletedCredential_ReturnsNotFound()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await SoftDeleteAsync(record);

        Assert.Equal(StorageWriteResult.NotFound, await Storage.AssignAsync(Assignment(record, "skill", "s-1", null)));
        Assert.Empty(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task AssignAsync_DoesNotChangeTheCredential()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        await Storage.AssignAsync(Assignment(record, "skill", "s-1", "Research"));

        StorageAssert.SameRecord(record, await Storage.FindByIdAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task ListAssignmentsAsync_SeveralConsumers_OrderedByKindThenOrdinalId()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        foreach (var (kind, id) in new[] { ("skill", "b"), ("runtime", "z"), ("skill", "B"), ("llm_configuration", "x"), ("skill", "a"), ("skill", "\u00e9") })
        {
            Assert.Equal(StorageWriteResult.Success, await Storage.AssignAsync(Assignment(record, kind, id, null)));
        }

        var rows = await Storage.ListAssignmentsAsync(Org, record.Metadata.Id);

        Assert.Equal(
            ["llm_configuration/x", "runtime/z", "skill/B", "skill/a", "skill/b", "skill/\u00e9"],
            rows.Select(r => r.ConsumerKind + "/" + r.ConsumerId));
        Assert.All(rows, r => Assert.Equal((Org, record.Metadata.Id), (r.OrganizationId, r.CredentialId)));
    }

    [Fact]
    public async Task ListAssignedCredentialsAsync_ConsumerHoldsSeveral_ReturnsThemOrderedByKeyAndOnlyThatConsumers()
    {
        var b = await InsertAsync(Org, "B_KEY");
        var a = await InsertAsync(Org, "A_KEY");
        var other = await InsertAsync(Org, "C_KEY");
        await Storage.AssignAsync(Assignment(b, "tool_definition", "t-1", null));
        await Storage.AssignAsync(Assignment(a, "tool_definition", "t-1", null));
        await Storage.AssignAsync(Assignment(other, "tool_definition", "t-2", null));
        await Storage.AssignAsync(Assignment(other, "skill", "t-1", null));

        var listed = await Storage.ListAssignedCredentialsAsync(Org, "tool_definition", "t-1");

        Assert.Equal(["A_KEY", "B_KEY"], listed.Select(m => m.Key));
    }

    [Theory]
    [InlineData("SKILL", "s-1")]
    [InlineData("skill", "S-1")]
    [InlineData("skill ", "s-1")]
    [InlineData("skill", "s-1 ")]
    [InlineData("skil%", "s-1")]
    [InlineData("skill", "s-_")]
    public async Task ListAssignedCredentialsAsync_KindOrIdNotOrdinallyEqual_ReturnsNothing(string kind, string id)
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", null));

        Assert.Empty(await Storage.ListAssignedCredentialsAsync(Org, kind, id));
        Assert.False(await Storage.UnassignAsync(Org, record.Metadata.Id, kind, id));
        Assert.Single(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task ListAssignedCredentialsAsync_SoftDeletedCredential_IsLeftOut()
    {
        var kept = await InsertAsync(Org, "A_KEY");
        var deleted = await InsertAsync(Org, "B_KEY");
        await Storage.AssignAsync(Assignment(kept, "skill", "s-1", null));
        await Storage.AssignAsync(Assignment(deleted, "skill", "s-1", null));

        await SoftDeleteAsync(deleted);

        Assert.Equal(["A_KEY"], (await Storage.ListAssignedCredentialsAsync(Org, "skill", "s-1")).Select(m => m.Key));
    }

    [Fact]
    public async Task UnassignAsync_Assigned_RemovesOnlyThatAssignment()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", null));
        await Storage.AssignAsync(Assignment(record, "skill", "s-2", null));

        Assert.True(await Storage.UnassignAsync(Org, record.Metadata.Id, "skill", "s-1"));
        Assert.False(await Storage.UnassignAsync(Org, record.Metadata.Id, "skill", "s-1"));

        Assert.Equal(["s-2"], (await Storage.ListAssignmentsAsync(Org, record.Metadata.Id)).Select(a => a.ConsumerId));
    }

    [Fact]
    public async Task UnassignAsync_CredentialOfAnotherOrganization_ReturnsFalseAndKeepsTheAssignment()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", null));

        Assert.False(await Storage.UnassignAsync(OtherOrg, record.Metadata.Id, "skill", "s-1"));

        Assert.Single(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task AllAssignmentReads_AnotherOrganization_SeeNothing()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", null));

        foreach (var org in new[] { OtherOrg, "ACME", "acme ", "%" })
        {
            Assert.Empty(await Storage.ListAssignmentsAsync(org, record.Metadata.Id));
            Assert.Empty(await Storage.ListAssignedCredentialsAsync(org, "skill", "s-1"));
        }
    }

    [Fact]
    public async Task AssignAsync_SameIdsInTwoOrganizations_StayApart()
    {
        var acme = await InsertAsync(Org, "OPENAI_API_KEY");
        var globex = TestRecords.New(OtherOrg, "OPENAI_API_KEY");
        globex = await InsertAsync(globex with { Metadata = globex.Metadata with { Id = acme.Metadata.Id } });

        await Storage.AssignAsync(Assignment(acme, "skill", "s-1", "Acme skill"));
        await Storage.AssignAsync(Assignment(globex, "skill", "s-1", "Globex skill"));
        Assert.True(await Storage.UnassignAsync(OtherOrg, acme.Metadata.Id, "skill", "s-1"));

        Assert.Equal("Acme skill", Assert.Single(await Storage.ListAssignmentsAsync(Org, acme.Metadata.Id)).DisplayName);
        Assert.Empty(await Storage.ListAssignmentsAsync(OtherOrg, acme.Metadata.Id));
        Assert.Equal(Org, Assert.Single(await Storage.ListAssignedCredentialsAsync(Org, "skill", "s-1")).OrganizationId);
    }

    [Fact]
    public async Task DeleteAsync_HardDelete_RemovesTheAssignments()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", null));

        Assert.Equal(StorageWriteResult.Success, await Storage.DeleteAsync(Org, record.Metadata.Id, expectedVersion: 1));

        Assert.Empty(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id));
        Assert.Empty(await Storage.ListAssignedCredentialsAsync(Org, "skill", "s-1"));
    }

    [Fact]
    public async Task DeleteAsync_StaleVersion_KeepsTheAssignments()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", null));

        Assert.Equal(StorageWriteResult.VersionConflict, await Storage.DeleteAsync(Org, record.Metadata.Id, expectedVersion: 7));

        Assert.Single(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task UpdateAsync_KeyChanged_KeepsTheAssignments()
    {
        var record = await InsertAsync(Org, "OLD_KEY");
        await Storage.AssignAsync(Assignment(record, "skill", "s-1", null));

        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(TestRecords.NextVersion(record, key: "NEW_KEY"), expectedVersion: 1));

        Assert.Single(await Storage.ListAssignmentsAsync(Org, record.Metadata.Id));
        Assert.Equal(["NEW_KEY"], (await Storage.ListAssignedCredentialsAsync(Org, "skill", "s-1")).Select(m => m.Key));
    }

    [Fact]
    public async Task AssignAsync_ManyConsumersFromManyTasks_AllStored()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        var results = await RaceAsync(Contenders, i => Storage.AssignAsync(Assignment(record, "skill", $"s-{i:D2}", null)));

        Assert.All(results, r => Assert.Equal(StorageWriteResult.Success, r));
        Assert.Equal(Contenders, (await Storage.ListAssignmentsAsync(Org, record.Metadata.Id)).Count);
    }

    /// <summary>An assignment of <paramref name="record"/> in its own organization.</summary>
    protected static AssignmentRecord Assignment(CredentialRecord record, string kind, string consumerId, string? displayName)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AssignmentRecord(record.Metadata.OrganizationId, record.Metadata.Id, kind, consumerId, displayName);
    }
}
