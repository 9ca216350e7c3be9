namespace Credentials.Storage;

/// <summary>
/// The fence against writing under a retired key: the retirement is recorded only while nothing (active or soft-deleted)
/// is wrapped under the key, and from then on no write stores the key id.
/// </summary>
public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task RetireKeyAsync_NothingUnderTheKey_RecordsItOnceAndIsIdempotent()
    {
        await InsertAsync(Org, "A_KEY", keyId: "kek-live");

        Assert.Equal(0, await Storage.RetireKeyAsync("kek-old", DeletedAt));
        Assert.Equal(0, await Storage.RetireKeyAsync("kek-old", DeletedAt.AddDays(1)));
        Assert.Equal(0, await Storage.RetireKeyAsync("kek-z-other", DeletedAt));

        Assert.Equal(["kek-old", "kek-z-other"], await Storage.ListRetiredKeysAsync());
    }

    [Fact]
    public async Task RetireKeyAsync_ActiveAndSoftDeletedUnderTheKey_ReturnsTheirCountAndRecordsNothing()
    {
        await InsertAsync(Org, "A_KEY", keyId: "kek-old");
        await InsertAsync(OtherOrg, "A_KEY", keyId: "kek-old");
        var deleted = await InsertAsync(Org, "B_KEY", keyId: "kek-old");
        await SoftDeleteAsync(deleted);

        Assert.Equal(3, await Storage.RetireKeyAsync("kek-old", DeletedAt));

        Assert.Empty(await Storage.ListRetiredKeysAsync());
        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(TestRecords.New(Org, "C_KEY", keyId: "kek-old")));
    }

    [Fact]
    public async Task RetireKeyAsync_OnlyASoftDeletedCredentialUnderTheKey_IsRefusedUntilItIsPurged()
    {
        var deleted = await InsertAsync(Org, "A_KEY", keyId: "kek-old");
        await SoftDeleteAsync(deleted);

        Assert.Equal(1, await Storage.RetireKeyAsync("kek-old", DeletedAt));
        Assert.True(await Storage.PurgeAsync(Org, deleted.Metadata.Id));

        Assert.Equal(0, await Storage.RetireKeyAsync("kek-old", DeletedAt));
        Assert.Equal(["kek-old"], await Storage.ListRetiredKeysAsync());
    }

    [Fact]
    public async Task InsertAsync_UnderARetiredKey_ReturnsKeyRetiredAndStoresNothing()
    {
        Assert.Equal(0, await Storage.RetireKeyAsync("kek-old", DeletedAt));

        var result = await Storage.InsertAsync(TestRecords.New(Org, "A_KEY", keyId: "kek-old"));

        Assert.Equal(StorageWriteResult.KeyRetired, result);
        Assert.Null(await Storage.FindByKeyAsync(Org, "A_KEY"));
        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(TestRecords.New(Org, "A_KEY", keyId: "kek-new")));
    }

    [Fact]
    public async Task InsertAsync_KeyTakenAndKeyIdLive_StillReturnsKeyConflict()
    {
        await InsertAsync(Org, "A_KEY", keyId: "kek-old");
        Assert.Equal(0, await Storage.RetireKeyAsync("kek-other", DeletedAt));

        Assert.Equal(StorageWriteResult.KeyConflict, await Storage.InsertAsync(TestRecords.New(Org, "A_KEY", keyId: "kek-old")));
    }

    [Fact]
    public async Task UpdateAsync_ToARetiredKey_ReturnsKeyRetiredAndChangesNothing()
    {
        var record = await InsertAsync(Org, "A_KEY", keyId: "kek-new");
        Assert.Equal(0, await Storage.RetireKeyAsync("kek-old", DeletedAt));

        var result = await Storage.UpdateAsync(TestRecords.NextVersion(record, keyId: "kek-old"), expectedVersion: 1);

        Assert.Equal(StorageWriteResult.KeyRetired, result);
        StorageAssert.SameRecord(record, await Storage.FindByIdAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task UpdateAsync_StaleVersionUnderALiveKey_StillReturnsVersionConflict()
    {
        var record = await InsertAsync(Org, "A_KEY", keyId: "kek-new");
        Assert.Equal(0, await Storage.RetireKeyAsync("kek-old", DeletedAt));

        Assert.Equal(StorageWriteResult.VersionConflict, await Storage.UpdateAsync(TestRecords.NextVersion(record, keyId: "kek-new"), expectedVersion: 7));
        Assert.Equal(StorageWriteResult.NotFound, await Storage.UpdateAsync(TestRecords.New(Org, "GONE", keyId: "kek-new"), expectedVersion: 1));
    }

    [Fact]
    public async Task ReplaceSealedAsync_ToARetiredKey_IsNotApplied()
    {
        var record = await InsertAsync(Org, "A_KEY", keyId: "kek-1");
        Assert.Equal(0, await Storage.RetireKeyAsync("kek-old", DeletedAt));

        var applied = await Storage.ReplaceSealedAsync(
        [
            new RewrappedCredential(Org, record.Metadata.Id, "A_KEY", 1, "kek-1", "kek-old", [1]),
        ]);

        Assert.Equal(0, applied);
        StorageAssert.SameRecord(record, await Storage.FindByIdAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task ListDeletedNotUnderKeyAsync_SkipsThatKey_OrdersByKeyIdOrganizationAndId_AndPagesWithCursor()
    {
        string[] keyIds = ["kek-primary", "kek-old", "kek-a-older"];
        var expected = new List<(string KeyId, string Org, Guid Id)>();
        for (var i = 0; i < 14; i++)
        {
            // Several deleted credentials share a key: the walk must still visit each once.
            var record = await InsertAsync(TestRecords.New(i % 2 == 0 ? Org : OtherOrg, "SHARED", keyId: keyIds[i % keyIds.Length]));
            await SoftDeleteAsync(record);
            if (record.KeyId != "kek-primary")
            {
                expected.Add((record.KeyId, record.Metadata.OrganizationId, record.Metadata.Id));
            }
        }

        await InsertAsync(Org, "ACTIVE", keyId: "kek-old");
        expected = [.. expected.OrderBy(e => e.KeyId, StringComparer.Ordinal).ThenBy(e => e.Org, StringComparer.Ordinal).ThenBy(e => e.Id.ToString("N"), StringComparer.Ordinal)];
        var seen = new List<(string, string, Guid)>();
        DeletedCredentialCursor? cursor = null;
        while (await Storage.ListDeletedNotUnderKeyAsync("kek-primary", cursor, 3) is { Count: > 0 } page)
        {
            Assert.True(page.Count <= 3);
            Assert.All(page, r => Assert.Equal("SHARED", r.Key));
            seen.AddRange(page.Select(r => (r.KeyId, r.OrganizationId, r.Id)));
            cursor = new DeletedCredentialCursor(page[^1].KeyId, page[^1].OrganizationId, page[^1].Id);
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task ReplaceDeletedSealedAsync_WhenVersionAndKeyIdMatch_ChangesOnlyKeyIdAndSealedBytes_AndTheRestoreBringsThemBack()
    {
        var record = await InsertAsync(Org, "A_KEY", keyId: "kek-1");
        await SoftDeleteAsync(record);
        var read = Assert.Single(await Storage.ListDeletedNotUnderKeyAsync("kek-2", null, 10));
        Assert.Equal(record.SealedSecret, read.SealedSecret);

        var applied = await Storage.ReplaceDeletedSealedAsync([new RewrappedCredential(Org, read.Id, read.Key, read.Version, read.KeyId, "kek-2", [7, 7])]);

        Assert.Equal(1, applied);
        var deleted = (await Storage.FindDeletedAsync(Org, record.Metadata.Id))!;
        StorageAssert.SameMetadata(record.Metadata, deleted.Metadata);
        Assert.Equal(DeletedAt.UtcTicks, deleted.DeletedAt.UtcTicks);
        Assert.Empty(await Storage.ListDeletedNotUnderKeyAsync("kek-2", null, 10));
        Assert.Equal(1, (await Storage.CountByKeyIdAsync())["kek-2"]);
        Assert.Equal(StorageWriteResult.Success, await Storage.RestoreAsync(Org, record.Metadata.Id));
        StorageAssert.SameRecord(record with { KeyId = "kek-2", SealedSecret = [7, 7] }, await Storage.FindByIdAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task ReplaceDeletedSealedAsync_StaleOrActiveOrToARetiredKey_ChangesNothing()
    {
        var deleted = await InsertAsync(Org, "A_KEY", keyId: "kek-1");
        await SoftDeleteAsync(deleted);
        var active = await InsertAsync(Org, "B_KEY", keyId: "kek-1");
        Assert.Equal(0, await Storage.RetireKeyAsync("kek-old", DeletedAt));

        var applied = await Storage.ReplaceDeletedSealedAsync(
        [
            new RewrappedCredential(Org, deleted.Metadata.Id, "A_KEY", 2, "kek-1", "kek-2", [1]),
            new RewrappedCredential(Org, deleted.Metadata.Id, "A_KEY", 1, "kek-other", "kek-2", [2]),
            new RewrappedCredential(OtherOrg, deleted.Metadata.Id, "A_KEY", 1, "kek-1", "kek-2", [3]),
            new RewrappedCredential(Org, deleted.Metadata.Id, "A_KEY", 1, "kek-1", "kek-old", [4]),
            new RewrappedCredential(Org, active.Metadata.Id, "B_KEY", 1, "kek-1", "kek-2", [5]),
        ]);

        Assert.Equal(0, applied);
        Assert.Equal(deleted.SealedSecret, Assert.Single(await Storage.ListDeletedNotUnderKeyAsync("kek-2", null, 10)).SealedSecret);
        StorageAssert.SameRecord(active, await Storage.FindByIdAsync(Org, active.Metadata.Id));
    }

    [Fact]
    public async Task ListSettingsAsync_ReturnsExactlyThePrefixedOnesOrderedByName()
    {
        Assert.True(await Storage.TryAddSettingAsync("key-ring/key/2", [2]));
        Assert.True(await Storage.TryAddSettingAsync("key-ring/key/10", [10]));
        Assert.True(await Storage.TryAddSettingAsync("key-ring/key/1", [1]));
        Assert.True(await Storage.TryAddSettingAsync("key-ring/header", [0]));
        Assert.True(await Storage.TryAddSettingAsync("key-ring/key", [9]));
        Assert.True(await Storage.TryAddSettingAsync("KEY-RING/KEY/3", [3]));
        Assert.True(await Storage.TryAddSettingAsync("key-ring/key_4", [4]));

        var settings = await Storage.ListSettingsAsync("key-ring/key/");

        Assert.Equal(["key-ring/key/1", "key-ring/key/10", "key-ring/key/2"], settings.Select(s => s.Name));
        Assert.Equal([[1], [10], [2]], settings.Select(s => s.Value));
        Assert.Empty(await Storage.ListSettingsAsync("nothing/"));
    }

    [Fact]
    public async Task ReplaceSettingAsync_IsACompareAndSwap()
    {
        Assert.True(await Storage.TryAddSettingAsync("key-ring/key/1", [1, 2, 3]));

        Assert.False(await Storage.ReplaceSettingAsync("key-ring/key/1", [1, 2], [9]));
        Assert.False(await Storage.ReplaceSettingAsync("key-ring/key/2", [1, 2, 3], [9]));
        Assert.Equal([1, 2, 3], await Storage.GetSettingAsync("key-ring/key/1"));
        Assert.Null(await Storage.GetSettingAsync("key-ring/key/2"));

        Assert.True(await Storage.ReplaceSettingAsync("key-ring/key/1", [1, 2, 3], [4, 5]));
        Assert.Equal([4, 5], await Storage.GetSettingAsync("key-ring/key/1"));
        Assert.False(await Storage.ReplaceSettingAsync("key-ring/key/1", [1, 2, 3], [6]));
    }
}
