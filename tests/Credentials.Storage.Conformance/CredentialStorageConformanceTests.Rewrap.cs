namespace Credentials.Storage;

/// <summary>The two methods key rotation relies on: a walk of everything not under a key, and a guarded swap of the sealed bytes.</summary>
public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task ListNotUnderKeyAsync_SkipsThatKey_OrdersByKeyIdOrganizationAndKey_AndPagesWithCursor()
    {
        string[] keyIds = ["kek-primary", "kek-old", "kek-a-older", "kek-z-other"];
        var expected = new List<(string KeyId, string Org, string Key)>();
        for (var i = 0; i < 25; i++)
        {
            var record = await InsertAsync(i % 3 == 0 ? OtherOrg : Org, $"KEY_{i:D2}", keyId: keyIds[i % keyIds.Length]);
            if (record.KeyId != "kek-primary")
            {
                expected.Add((record.KeyId, record.Metadata.OrganizationId, record.Metadata.Key));
            }
        }

        expected = [.. expected.OrderBy(e => e.KeyId, StringComparer.Ordinal).ThenBy(e => e.Org, StringComparer.Ordinal).ThenBy(e => e.Key, StringComparer.Ordinal)];
        var seen = new List<(string, string, string)>();
        SealedCredentialCursor? cursor = null;
        while (await Storage.ListNotUnderKeyAsync("kek-primary", cursor, 4) is { Count: > 0 } page)
        {
            Assert.True(page.Count <= 4);
            Assert.All(page, r => Assert.NotEqual("kek-primary", r.KeyId));
            seen.AddRange(page.Select(r => (r.KeyId, r.OrganizationId, r.Key)));
            cursor = new SealedCredentialCursor(page[^1].KeyId, page[^1].OrganizationId, page[^1].Key);
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task ListNotUnderKeyAsync_ReturnsIdKeyVersionKeyIdAndSealedBytesAsStored()
    {
        var record = await InsertAsync(Org, "A_KEY", keyId: "kek-1");
        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(TestRecords.NextVersion(record, keyId: "kek-2"), expectedVersion: 1));
        var stored = (await Storage.FindByIdAsync(Org, record.Metadata.Id))!;

        var row = Assert.Single(await Storage.ListNotUnderKeyAsync("kek-new", null, 10));

        Assert.Equal((Org, stored.Metadata.Id, stored.Metadata.Key, 2L, "kek-2"), (row.OrganizationId, row.Id, row.Key, row.Version, row.KeyId));
        Assert.Equal(stored.SealedSecret, row.SealedSecret);
    }

    [Fact]
    public async Task ReplaceSealedAsync_WhenVersionAndKeyIdMatch_ChangesOnlyKeyIdAndSealedBytes()
    {
        var record = await InsertAsync(Org, "A_KEY", keyId: "kek-1");
        var other = await InsertAsync(OtherOrg, "A_KEY", keyId: "kek-1");

        var applied = await Storage.ReplaceSealedAsync([new RewrappedCredential(Org, record.Metadata.Id, "A_KEY", 1, "kek-1", "kek-2", [9, 9, 9])]);

        Assert.Equal(1, applied);
        var stored = (await Storage.FindByIdAsync(Org, record.Metadata.Id))!;
        Assert.Equal("kek-2", stored.KeyId);
        Assert.Equal([9, 9, 9], stored.SealedSecret);
        Assert.Equal(record.Metadata, stored.Metadata);
        Assert.Equal(other.SealedSecret, (await Storage.FindByIdAsync(OtherOrg, other.Metadata.Id))!.SealedSecret);
    }

    [Fact]
    public async Task ReplaceSealedAsync_StaleVersionKeyIdOrKey_OtherOrganizationOrDeleted_ChangesNothing()
    {
        var record = await InsertAsync(Org, "A_KEY", keyId: "kek-1");
        var before = await SnapshotAsync(Org);

        var applied = await Storage.ReplaceSealedAsync(
        [
            new RewrappedCredential(Org, record.Metadata.Id, "A_KEY", 2, "kek-1", "kek-2", [1]),
            new RewrappedCredential(Org, record.Metadata.Id, "A_KEY", 1, "kek-other", "kek-2", [2]),
            new RewrappedCredential(Org, record.Metadata.Id, "RENAMED", 1, "kek-1", "kek-2", [3]),
            new RewrappedCredential(OtherOrg, record.Metadata.Id, "A_KEY", 1, "kek-1", "kek-2", [4]),
            new RewrappedCredential(Org, Guid.NewGuid(), "GONE", 1, "kek-1", "kek-2", [5]),
        ]);

        Assert.Equal(0, applied);
        StorageAssert.SameRecords(before, await SnapshotAsync(Org));
    }

    [Fact]
    public async Task ReplaceSealedAsync_AfterAConcurrentUpdate_LeavesTheUpdate()
    {
        var record = await InsertAsync(Org, "A_KEY", keyId: "kek-1");
        var read = Assert.Single(await Storage.ListNotUnderKeyAsync("kek-2", null, 10));
        var update = TestRecords.NextVersion(record, keyId: "kek-2");
        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(update, expectedVersion: 1));

        var applied = await Storage.ReplaceSealedAsync([new RewrappedCredential(Org, read.Id, read.Key, read.Version, read.KeyId, "kek-2", [1, 1])]);

        Assert.Equal(0, applied);
        Assert.Equal(update.SealedSecret, (await Storage.FindByIdAsync(Org, record.Metadata.Id))!.SealedSecret);
    }

    [Fact]
    public async Task ReplaceSealedAsync_EmptyBatch_ReturnsZero() =>
        Assert.Equal(0, await Storage.ReplaceSealedAsync([]));
}
