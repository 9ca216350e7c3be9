namespace Credentials.Storage;

/// <summary>
/// The audit trail: appended in the transaction of the write it belongs to (and only when the write changes something),
/// numbered per chain without gaps, each MAC computed over the chain head's, appends to one chain serialized.
/// </summary>
public abstract partial class CredentialStorageConformanceTests
{
    private static readonly AuditStorageQuery AllAudit = new(Everything);

    private Task<IReadOnlyList<AuditRecord>> AuditAsync(string organizationId = Org) => Storage.ListAuditAsync(organizationId, AllAudit);

    [Fact]
    public async Task AppendAuditAsync_Several_NumbersFromOneAndChainsEachMacOverThePrevious()
    {
        for (var i = 0; i < 5; i++)
        {
            var stored = await Storage.AppendAuditAsync(TestAuditSigner.Entry(Org, details: $"{{\"n\":\"{i}\"}}"));
            Assert.Equal(i + 1, stored.Sequence);
        }

        var records = await AuditAsync();
        TestAuditSigner.AssertChain(records);
        var head = await Storage.GetAuditHeadAsync(Org);
        Assert.NotNull(head);
        Assert.Equal(5, head.Sequence);
        Assert.Equal(records[^1].Mac, head.Mac);
    }

    [Fact]
    public async Task AppendAuditAsync_EveryField_RoundTrips()
    {
        var id = Guid.NewGuid();
        var time = TestRecords.CreatedAt.AddTicks(70);
        var entry = new AuditEntry(Org, time, "assigned", "alice", id, "GITHUB_TOKEN", "alice", "{\"consumer_kind\":\"skill\"}", TestAuditSigner.Instance);

        await Storage.AppendAuditAsync(entry);

        var record = Assert.Single(await AuditAsync());
        Assert.Equal(Org, record.OrganizationId);
        Assert.Equal(time.UtcTicks, record.Time.UtcTicks);
        Assert.Equal("assigned", record.Action);
        Assert.Equal("alice", record.ActorUserId);
        Assert.Equal(id, record.CredentialId);
        Assert.Equal("GITHUB_TOKEN", record.CredentialKey);
        Assert.Equal("alice", record.OwnerUserId);
        Assert.Equal("{\"consumer_kind\":\"skill\"}", record.Details);
    }

    [Fact]
    public async Task AppendAuditAsync_NullFields_RoundTripNull()
    {
        await Storage.AppendAuditAsync(TestAuditSigner.Entry(Org, "key_rotated"));

        var record = Assert.Single(await AuditAsync());
        Assert.Null(record.ActorUserId);
        Assert.Null(record.CredentialId);
        Assert.Null(record.CredentialKey);
        Assert.Null(record.OwnerUserId);
    }

    [Fact]
    public async Task AppendAuditAsync_Chains_AreSeparatePerOrganizationAndForTheStore()
    {
        await Storage.AppendAuditAsync(TestAuditSigner.Entry(Org));
        await Storage.AppendAuditAsync(TestAuditSigner.Entry(OtherOrg));
        await Storage.AppendAuditAsync(TestAuditSigner.Entry(""));
        await Storage.AppendAuditAsync(TestAuditSigner.Entry(Org));

        TestAuditSigner.AssertChain(await AuditAsync(Org));
        Assert.Equal(2, (await AuditAsync(Org)).Count);
        Assert.Single(await AuditAsync(OtherOrg));
        Assert.Single(await AuditAsync(""));
        Assert.Null(await Storage.GetAuditHeadAsync("initech"));
        Assert.Empty(await AuditAsync("initech"));
    }

    [Fact]
    public async Task AppendAuditAsync_Concurrent_NeverForksOrSkipsTheChain()
    {
        await RaceAsync(16, i => Storage.AppendAuditAsync(TestAuditSigner.Entry(Org, details: $"{{\"n\":\"{i}\"}}")));

        var records = await AuditAsync();
        Assert.Equal(16, records.Count);
        TestAuditSigner.AssertChain(records);
    }

    [Fact]
    public async Task WritesWithAudit_Concurrent_KeepOneChain()
    {
        var records = new List<CredentialRecord>();
        for (var i = 0; i < 8; i++)
        {
            records.Add(await InsertAsync(Org, $"KEY_{i}"));
        }

        await RaceAsync(8, i => Storage.UpdateAsync(TestRecords.NextVersion(records[i]), 1, TestAuditSigner.Entry(Org, credentialId: records[i].Metadata.Id)));

        var chain = await AuditAsync();
        Assert.Equal(8, chain.Count);
        TestAuditSigner.AssertChain(chain);
    }

    [Fact]
    public async Task InsertAsync_WithAudit_AppendsOnlyWhenInserted()
    {
        var record = TestRecords.New(Org, "OPENAI_API_KEY");
        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(record, TestAuditSigner.Entry(Org, "created", record.Metadata.Id)));

        Assert.Equal(StorageWriteResult.KeyConflict, await Storage.InsertAsync(TestRecords.New(Org, "OPENAI_API_KEY"), TestAuditSigner.Entry(Org, "created")));
        Assert.Equal(0, await Storage.RetireKeyAsync("kek-retired", TestRecords.CreatedAt));
        Assert.Equal(StorageWriteResult.KeyRetired, await Storage.InsertAsync(TestRecords.New(Org, "OTHER", keyId: "kek-retired"), TestAuditSigner.Entry(Org, "created")));

        var audit = Assert.Single(await AuditAsync());
        Assert.Equal("created", audit.Action);
        Assert.Equal(record.Metadata.Id, audit.CredentialId);
    }

    [Fact]
    public async Task UpdateAsync_WithAudit_AppendsOnlyWhenUpdated()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Equal(StorageWriteResult.VersionConflict, await Storage.UpdateAsync(TestRecords.NextVersion(record), 7, TestAuditSigner.Entry(Org)));
        Assert.Empty(await AuditAsync());
        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(TestRecords.NextVersion(record), 1, TestAuditSigner.Entry(Org)));

        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task DeletionWrites_WithAudit_AppendOnlyWhenTheyChangeSomething()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        var id = record.Metadata.Id;

        Assert.Equal(StorageWriteResult.VersionConflict, await Storage.SoftDeleteAsync(Org, id, 9, [], DeletedAt, TestAuditSigner.Entry(Org, "deleted")));
        Assert.Equal(StorageWriteResult.Success, await Storage.SoftDeleteAsync(Org, id, 1, [], DeletedAt, TestAuditSigner.Entry(Org, "deleted")));
        Assert.Equal(StorageWriteResult.Success, await Storage.RestoreAsync(Org, id, TestAuditSigner.Entry(Org, "recovered")));
        Assert.Equal(StorageWriteResult.NotFound, await Storage.RestoreAsync(Org, id, TestAuditSigner.Entry(Org, "recovered")));
        Assert.Equal(StorageWriteResult.Success, await Storage.SoftDeleteAsync(Org, id, 1, [], DeletedAt, TestAuditSigner.Entry(Org, "deleted")));
        Assert.True(await Storage.PurgeAsync(Org, id, TestAuditSigner.Entry(Org, "purged")));
        Assert.False(await Storage.PurgeAsync(Org, id, TestAuditSigner.Entry(Org, "purged")));

        var chain = await AuditAsync();
        Assert.Equal(["deleted", "recovered", "deleted", "purged"], chain.Select(r => r.Action));
        TestAuditSigner.AssertChain(chain);
    }

    [Fact]
    public async Task PurgeDeletedBeforeAsync_WithAudit_AppendsOneRecordPerPurgedCredentialToItsChain()
    {
        var a = await InsertAsync(Org, "A_KEY");
        var b = await InsertAsync(OtherOrg, "B_KEY");
        var kept = await InsertAsync(Org, "KEPT");
        await SoftDeleteAsync(a);
        await SoftDeleteAsync(b);
        Assert.Equal(StorageWriteResult.Success, await Storage.SoftDeleteAsync(Org, kept.Metadata.Id, 1, [], DeletedAt.AddDays(5)));

        var purged = await Storage.PurgeDeletedBeforeAsync(DeletedAt, d => TestAuditSigner.Entry(d.Metadata.OrganizationId, "purged", d.Metadata.Id, d.Metadata.Key));

        Assert.Equal(2, purged);
        var org = Assert.Single(await AuditAsync(Org));
        Assert.Equal(a.Metadata.Id, org.CredentialId);
        Assert.Equal("A_KEY", org.CredentialKey);
        Assert.Equal(b.Metadata.Id, Assert.Single(await AuditAsync(OtherOrg)).CredentialId);
    }

    [Fact]
    public async Task AssignmentWrites_WithAudit_AppendOnlyWhenTheyChangeSomething()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        var assignment = new AssignmentRecord(Org, record.Metadata.Id, "skill", "skill-7", null);

        Assert.Equal(StorageWriteResult.NotFound, await Storage.AssignAsync(assignment with { CredentialId = Guid.NewGuid() }, TestAuditSigner.Entry(Org, "assigned")));
        Assert.Equal(StorageWriteResult.Success, await Storage.AssignAsync(assignment, TestAuditSigner.Entry(Org, "assigned")));
        Assert.True(await Storage.UnassignAsync(Org, record.Metadata.Id, "skill", "skill-7", TestAuditSigner.Entry(Org, "unassigned")));
        Assert.False(await Storage.UnassignAsync(Org, record.Metadata.Id, "skill", "skill-7", TestAuditSigner.Entry(Org, "unassigned")));

        Assert.Equal(new[] { "assigned", "unassigned" }, (await AuditAsync()).Select(r => r.Action));
    }

    [Fact]
    public async Task RetireKeyAsync_WithAudit_AppendsOnlyWhenItRecordsTheRetirement()
    {
        await InsertAsync(Org, "OPENAI_API_KEY", keyId: "kek-busy");

        Assert.Equal(1, await Storage.RetireKeyAsync("kek-busy", TestRecords.CreatedAt, TestAuditSigner.Entry("", "key_retired")));
        Assert.Equal(0, await Storage.RetireKeyAsync("kek-idle", TestRecords.CreatedAt, TestAuditSigner.Entry("", "key_retired")));
        Assert.Equal(0, await Storage.RetireKeyAsync("kek-idle", TestRecords.CreatedAt, TestAuditSigner.Entry("", "key_retired")));

        Assert.Single(await AuditAsync(""));
    }

    [Fact]
    public async Task SetOAuthConnectionAsync_WithAudit_AppendsWithTheState()
    {
        var record = await InsertAsync(Org, "GITHUB_OAUTH", type: "oauth2");
        var state = new OAuthConnectionRecord(Org, record.Metadata.Id, "needs_reconnect", 1, TestRecords.CreatedAt);

        await Storage.SetOAuthConnectionAsync(state, TestAuditSigner.Entry(Org, "refresh_failed", record.Metadata.Id));

        Assert.Equal("needs_reconnect", (await Storage.GetOAuthConnectionAsync(Org, record.Metadata.Id))!.State);
        Assert.Equal("refresh_failed", Assert.Single(await AuditAsync()).Action);
    }

    [Fact]
    public async Task ListAuditAsync_Filters_SelectByCredentialActionActorAndTime()
    {
        var id = Guid.NewGuid();
        var t = TestRecords.CreatedAt;
        await Storage.AppendAuditAsync(TestAuditSigner.Entry(Org, "created", id, actor: "alice", time: t));
        await Storage.AppendAuditAsync(TestAuditSigner.Entry(Org, "updated", id, actor: null, time: t.AddMinutes(1)));
        await Storage.AppendAuditAsync(TestAuditSigner.Entry(Org, "updated", Guid.NewGuid(), actor: "bob", time: t.AddMinutes(2)));
        await Storage.AppendAuditAsync(TestAuditSigner.Entry(Org, "deleted", id, actor: "alice", time: t.AddMinutes(3)));

        async Task<long[]> Sequences(AuditStorageQuery query) => (await Storage.ListAuditAsync(Org, query)).Select(r => r.Sequence).ToArray();
        Assert.Equal(new long[] { 1, 2, 4 }, await Sequences(AllAudit with { CredentialId = id }));
        Assert.Equal(new long[] { 2, 3 }, await Sequences(AllAudit with { Action = "updated" }));
        Assert.Equal(new long[] { 1, 4 }, await Sequences(AllAudit with { ActorUserId = "alice" }));
        Assert.Equal(new long[] { 2 }, await Sequences(AllAudit with { SystemActorOnly = true }));
        Assert.Equal(new long[] { 2, 3 }, await Sequences(AllAudit with { From = t.AddMinutes(1), To = t.AddMinutes(3) }));
        Assert.Equal(new long[] { 4, 3, 2, 1 }, await Sequences(AllAudit with { Descending = true }));
        Assert.Equal(new long[] { 3, 4 }, await Sequences(AllAudit with { AfterSequence = 2 }));
        Assert.Equal(new long[] { 2, 1 }, await Sequences(AllAudit with { AfterSequence = 3, Descending = true }));
        Assert.Equal(new long[] { 1, 2 }, await Sequences(new AuditStorageQuery(2)));
    }

    [Fact]
    public async Task UpdateLastUsedAsync_MovesForwardOnlyAndChangesNothingElse()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        var id = record.Metadata.Id;
        var t = TestRecords.CreatedAt.AddHours(1);

        Assert.Equal(1, await Storage.UpdateLastUsedAsync([new CredentialUsage(Org, id, t)]));
        Assert.Equal(0, await Storage.UpdateLastUsedAsync([new CredentialUsage(Org, id, t.AddMinutes(-5))]));
        Assert.Equal(0, await Storage.UpdateLastUsedAsync([new CredentialUsage(OtherOrg, id, t.AddMinutes(5)), new CredentialUsage(Org, Guid.NewGuid(), t)]));

        var found = await Storage.FindByIdAsync(Org, id);
        Assert.Equal(t.UtcTicks, found!.Metadata.LastUsedAt!.Value.UtcTicks);
        StorageAssert.SameRecord(record, found with { Metadata = found.Metadata with { LastUsedAt = null } });
        Assert.Equal(t.UtcTicks, Assert.Single(await Storage.ListAsync(Org, Query())).LastUsedAt!.Value.UtcTicks);
    }

    [Fact]
    public async Task UpdateAsync_KeepsLastUsedAtAndInsertStartsWithout()
    {
        var record = TestRecords.New(Org, "OPENAI_API_KEY");
        await InsertAsync(record with { Metadata = record.Metadata with { LastUsedAt = TestRecords.CreatedAt } });
        Assert.Null((await Storage.FindByIdAsync(Org, record.Metadata.Id))!.Metadata.LastUsedAt);
        var used = TestRecords.CreatedAt.AddHours(2);
        await Storage.UpdateLastUsedAsync([new CredentialUsage(Org, record.Metadata.Id, used)]);

        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(TestRecords.NextVersion(record), 1));

        Assert.Equal(used.UtcTicks, (await Storage.FindByIdAsync(Org, record.Metadata.Id))!.Metadata.LastUsedAt!.Value.UtcTicks);
    }

    [Fact]
    public async Task ExpiresAt_RoundTripsThroughInsertUpdateAndTheRecycleBin()
    {
        var expires = TestRecords.CreatedAt.AddDays(90);
        var record = TestRecords.New(Org, "OPENAI_API_KEY");
        record = record with { Metadata = record.Metadata with { ExpiresAt = expires } };
        await InsertAsync(record);
        Assert.Equal(expires.UtcTicks, (await Storage.FindByIdAsync(Org, record.Metadata.Id))!.Metadata.ExpiresAt!.Value.UtcTicks);
        Assert.Equal(expires.UtcTicks, (await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"))!.Metadata.ExpiresAt!.Value.UtcTicks);

        await SoftDeleteAsync(record);
        Assert.Equal(expires.UtcTicks, (await Storage.FindDeletedAsync(Org, record.Metadata.Id))!.Metadata.ExpiresAt!.Value.UtcTicks);
        Assert.Equal(StorageWriteResult.Success, await Storage.RestoreAsync(Org, record.Metadata.Id));
        Assert.Equal(expires.UtcTicks, (await Storage.FindByIdAsync(Org, record.Metadata.Id))!.Metadata.ExpiresAt!.Value.UtcTicks);

        var next = TestRecords.NextVersion(record);
        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(next with { Metadata = next.Metadata with { ExpiresAt = null } }, 1));
        Assert.Null((await Storage.FindByIdAsync(Org, record.Metadata.Id))!.Metadata.ExpiresAt);
    }

    [Fact]
    public async Task ListExpiringAsync_AcrossOrganizations_OrderedByExpiryAndPaged()
    {
        var t = TestRecords.CreatedAt;
        async Task<CredentialRecord> Expiring(string org, string key, DateTimeOffset? at)
        {
            var record = TestRecords.New(org, key);
            return await InsertAsync(record with { Metadata = record.Metadata with { ExpiresAt = at } });
        }

        var late = await Expiring(Org, "LATE", t.AddDays(3));
        var early = await Expiring(OtherOrg, "EARLY", t.AddDays(1));
        await Expiring(Org, "NEVER", null);
        await Expiring(Org, "BEYOND", t.AddDays(30));
        var deleted = await Expiring(Org, "GONE", t.AddDays(2));
        await SoftDeleteAsync(deleted);

        var all = await Storage.ListExpiringAsync(t.AddDays(7), null, 10);
        Assert.Equal(["EARLY", "LATE"], all.Select(m => m.Key));
        Assert.Equal(OtherOrg, all[0].OrganizationId);

        var first = Assert.Single(await Storage.ListExpiringAsync(t.AddDays(7), null, 1));
        var rest = await Storage.ListExpiringAsync(t.AddDays(7), new ExpiringCredentialCursor(first.ExpiresAt!.Value, first.OrganizationId, first.Id), 10);
        Assert.Equal(early.Metadata.Id, first.Id);
        Assert.Equal(late.Metadata.Id, Assert.Single(rest).Id);
    }

    [Fact]
    public async Task ListOAuthConnectionsAsync_ByState_AcrossOrganizationsAndPaged()
    {
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        await Storage.SetOAuthConnectionAsync(new OAuthConnectionRecord(Org, ids[0], "needs_reconnect", 3, TestRecords.CreatedAt));
        await Storage.SetOAuthConnectionAsync(new OAuthConnectionRecord(OtherOrg, ids[1], "needs_reconnect", 1, TestRecords.CreatedAt));
        await Storage.SetOAuthConnectionAsync(new OAuthConnectionRecord(Org, ids[2], "connected", 1, TestRecords.CreatedAt));

        var all = await Storage.ListOAuthConnectionsAsync("needs_reconnect", null, 10);
        Assert.Equal([(Org, ids[0]), (OtherOrg, ids[1])], all.Select(c => (c.OrganizationId, c.CredentialId)));
        Assert.Equal(3, all[0].CredentialVersion);

        var first = Assert.Single(await Storage.ListOAuthConnectionsAsync("needs_reconnect", null, 1));
        var rest = await Storage.ListOAuthConnectionsAsync("needs_reconnect", new CredentialCursor(first.OrganizationId, first.CredentialId), 10);
        Assert.Equal(ids[1], Assert.Single(rest).CredentialId);
    }
}
