namespace Credentials.Storage;

/// <summary>Personal credentials: a key is unique per (organization, owner); every read by key names the owner.</summary>
public abstract partial class CredentialStorageConformanceTests
{
    protected static CredentialRecord Owned(string organizationId, string? owner, string key, string keyId = "kek-1") =>
        TestRecords.New(organizationId, key, keyId: keyId) is var record ? record with { Metadata = record.Metadata with { OwnerUserId = owner } } : null!;

    [Fact]
    public async Task InsertAsync_SameKeyForTheOrganizationAndTwoUsers_AllSucceedAndReadBackByOwner()
    {
        var shared = await InsertAsync(Owned(Org, null, "GITHUB_TOKEN"));
        var alice = await InsertAsync(Owned(Org, "alice", "GITHUB_TOKEN"));
        var bob = await InsertAsync(Owned(Org, "bob", "GITHUB_TOKEN"));

        StorageAssert.SameRecord(shared, await Storage.FindByKeyAsync(Org, null, "GITHUB_TOKEN"));
        StorageAssert.SameRecord(alice, await Storage.FindByKeyAsync(Org, "alice", "GITHUB_TOKEN"));
        StorageAssert.SameRecord(bob, await Storage.FindByKeyAsync(Org, "bob", "GITHUB_TOKEN"));
        StorageAssert.SameRecord(alice, await Storage.FindByIdAsync(Org, alice.Metadata.Id));
        Assert.Null(await Storage.FindByKeyAsync(Org, "carol", "GITHUB_TOKEN"));
        Assert.Null(await Storage.FindByKeyAsync(OtherOrg, "alice", "GITHUB_TOKEN"));
    }

    [Fact]
    public async Task InsertAsync_SameOwnerAndKeyTwice_IsAKeyConflict()
    {
        await InsertAsync(Owned(Org, "alice", "GITHUB_TOKEN"));

        Assert.Equal(StorageWriteResult.KeyConflict, await Storage.InsertAsync(Owned(Org, "alice", "GITHUB_TOKEN")));
    }

    [Fact]
    public async Task FindResolvableByKeyAsync_NamesTheOwner_AndNeverFallsBack()
    {
        var shared = await InsertAsync(Owned(Org, null, "GITHUB_TOKEN"));
        var alice = await InsertAsync(Owned(Org, "alice", "GITHUB_TOKEN"));

        Assert.Equal(shared.Metadata.Id, (await Storage.FindResolvableByKeyAsync(Org, null, "GITHUB_TOKEN"))!.Id);
        Assert.Equal(alice.Metadata.Id, (await Storage.FindResolvableByKeyAsync(Org, "alice", "GITHUB_TOKEN"))!.Id);
        Assert.Null(await Storage.FindResolvableByKeyAsync(Org, "bob", "GITHUB_TOKEN"));
        Assert.Equal(alice.Metadata.Version, (await Storage.FindResolvableByKeyAsync(Org, "alice", "GITHUB_TOKEN"))!.Version);
    }

    [Fact]
    public async Task ListAsync_ByDefaultSharedOnly_OneOwnerOrEveryOwnerWhenAsked()
    {
        await InsertAsync(Owned(Org, null, "B_KEY"));
        await InsertAsync(Owned(Org, "alice", "A_KEY"));
        await InsertAsync(Owned(Org, "alice", "B_KEY"));
        await InsertAsync(Owned(Org, "bob", "B_KEY"));
        await InsertAsync(Owned(OtherOrg, "alice", "A_KEY"));

        Assert.Equal(["B_KEY"], await ListKeysAsync(Org, Query()));
        Assert.Equal(["A_KEY", "B_KEY"], await ListKeysAsync(Org, Query() with { OwnerUserId = "alice" }));
        var all = await Storage.ListAsync(Org, Query() with { AllOwners = true });
        Assert.Equal(["A_KEY/alice", "B_KEY/", "B_KEY/alice", "B_KEY/bob"], all.Select(r => $"{r.Key}/{r.OwnerUserId}"));
    }

    [Fact]
    public async Task ListAsync_EveryOwner_PagesByKeyThenOwnerWithoutGapsOrRepeats()
    {
        foreach (var owner in new string?[] { null, "alice", "bob", "carol" })
        {
            foreach (var key in new[] { "A_KEY", "B_KEY", "C_KEY" })
            {
                await InsertAsync(Owned(Org, owner, key));
            }
        }

        var seen = new List<string>();
        CredentialMetadataRecord? last = null;
        while (true)
        {
            var page = await Storage.ListAsync(Org, Query(afterKey: last?.Key, limit: 5) with { AllOwners = true, AfterOwnerUserId = last?.OwnerUserId });
            seen.AddRange(page.Select(r => $"{r.Key}/{r.OwnerUserId}"));
            if (page.Count < 5)
            {
                break;
            }

            last = page[^1];
        }

        var expected = new[] { "A_KEY", "B_KEY", "C_KEY" }.SelectMany(k => new[] { "", "alice", "bob", "carol" }.Select(o => $"{k}/{o}")).ToArray();
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task UpdateAsync_KeepsTheOwner_AndConflictsOnlyWithinTheOwner()
    {
        var alice = await InsertAsync(Owned(Org, "alice", "A_KEY"));
        await InsertAsync(Owned(Org, "alice", "B_KEY"));
        await InsertAsync(Owned(Org, null, "C_KEY"));

        var renamedToShared = alice with { Metadata = alice.Metadata with { Key = "C_KEY", Version = 2, OwnerUserId = null } };
        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(renamedToShared, 1));
        var stored = await Storage.FindByIdAsync(Org, alice.Metadata.Id);
        Assert.Equal("alice", stored!.Metadata.OwnerUserId);
        Assert.Equal("C_KEY", stored.Metadata.Key);

        var clash = stored with { Metadata = stored.Metadata with { Key = "B_KEY", Version = 3 } };
        Assert.Equal(StorageWriteResult.KeyConflict, await Storage.UpdateAsync(clash, 2));
    }

    [Fact]
    public async Task SoftDeleteAndRestore_KeepTheOwner_AndConflictOnlyWithTheSameOwnersKey()
    {
        var alice = await InsertAsync(Owned(Org, "alice", "GITHUB_TOKEN"));
        Assert.Equal(StorageWriteResult.Success, await Storage.SoftDeleteAsync(Org, alice.Metadata.Id, 1, [], TestRecords.CreatedAt));
        Assert.Equal("alice", (await Storage.FindDeletedAsync(Org, alice.Metadata.Id))!.Metadata.OwnerUserId);

        // Another owner's credential with the key does not block the restore; the same owner's does.
        await InsertAsync(Owned(Org, null, "GITHUB_TOKEN"));
        await InsertAsync(Owned(Org, "bob", "GITHUB_TOKEN"));
        Assert.Equal(StorageWriteResult.Success, await Storage.RestoreAsync(Org, alice.Metadata.Id));
        StorageAssert.SameRecord(alice, await Storage.FindByKeyAsync(Org, "alice", "GITHUB_TOKEN"));

        Assert.Equal(StorageWriteResult.Success, await Storage.SoftDeleteAsync(Org, alice.Metadata.Id, 1, [], TestRecords.CreatedAt));
        await InsertAsync(Owned(Org, "alice", "GITHUB_TOKEN"));
        Assert.Equal(StorageWriteResult.KeyConflict, await Storage.RestoreAsync(Org, alice.Metadata.Id));
    }

    [Fact]
    public async Task Rewrap_WalksEveryOwnerOnce_AndSwapsByOwner()
    {
        var records = new List<CredentialRecord>();
        foreach (var owner in new string?[] { null, "alice", "bob" })
        {
            records.Add(await InsertAsync(Owned(Org, owner, "SAME_KEY", keyId: "kek-old")));
        }

        var walked = new List<SealedCredentialRecord>();
        SealedCredentialCursor? cursor = null;
        while (true)
        {
            var batch = await Storage.ListNotUnderKeyAsync("kek-new", cursor, 1);
            if (batch.Count == 0)
            {
                break;
            }

            walked.AddRange(batch);
            cursor = new SealedCredentialCursor(batch[^1].KeyId, batch[^1].OrganizationId, batch[^1].Key) { OwnerUserId = batch[^1].OwnerUserId };
        }

        Assert.Equal([null, "alice", "bob"], walked.Select(r => r.OwnerUserId));
        var rewraps = walked.Select(r => new RewrappedCredential(r.OrganizationId, r.Id, r.Key, r.Version, r.KeyId, "kek-new", TestRecords.SealedBytes(64)) { OwnerUserId = r.OwnerUserId }).ToList();
        Assert.Equal(3, await Storage.ReplaceSealedAsync(rewraps));
        Assert.All(records, r => Assert.Equal("kek-new", Storage.FindByIdAsync(Org, r.Metadata.Id).GetAwaiter().GetResult()!.KeyId));
    }
}
