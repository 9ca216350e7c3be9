using Credentials.Storage;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// The storage methods key rotation relies on, held to the same behaviour in every provider. (They belong in the
/// storage conformance suite once it lands; they live here so this branch does not depend on it.)
/// </summary>
public abstract class RewrapStorageTests
{
    protected abstract ICredentialStorage CreateStorage();

    [Fact]
    public async Task ListNotUnderKey_SkipsThatKey_OrdersByKeyIdOrganizationAndKey_AndPagesWithCursor()
    {
        var storage = await InitializedAsync();
        var expected = new List<(string KeyId, string Org, string Key)>();
        string[] keyIds = ["k-primary", "k-old", "k-a-older", "k-z-other"];
        for (var i = 0; i < 25; i++)
        {
            var org = i % 3 == 0 ? "globex" : "acme";
            var record = Record(org, "KEY_" + i, keyIds[i % keyIds.Length]);
            await storage.InsertAsync(record);
            if (record.KeyId != "k-primary")
            {
                expected.Add((record.KeyId, org, record.Metadata.Key));
            }
        }

        expected = [.. expected.OrderBy(e => e.KeyId, StringComparer.Ordinal).ThenBy(e => e.Org, StringComparer.Ordinal).ThenBy(e => e.Key, StringComparer.Ordinal)];
        var seen = new List<(string, string, string)>();
        SealedCredentialCursor? cursor = null;
        while (true)
        {
            var page = await storage.ListNotUnderKeyAsync("k-primary", cursor, 4);
            Assert.True(page.Count <= 4);
            if (page.Count == 0)
            {
                break;
            }

            Assert.All(page, r => Assert.NotEqual("k-primary", r.KeyId));
            seen.AddRange(page.Select(r => (r.KeyId, r.OrganizationId, r.Key)));
            cursor = new SealedCredentialCursor(page[^1].KeyId, page[^1].OrganizationId, page[^1].Key);
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task ListNotUnderKey_ReturnsVersionKeyIdAndSealedBytesAsStored()
    {
        var storage = await InitializedAsync();
        var record = Record("acme", "KEY", "k-old", version: 7);
        await storage.InsertAsync(record);

        var row = Assert.Single(await storage.ListNotUnderKeyAsync("k-new", null, 10));

        Assert.Equal(7, row.Version);
        Assert.Equal("KEY", row.Key);
        Assert.Equal(record.Metadata.Id, row.Id);
        Assert.Equal("k-old", row.KeyId);
        Assert.Equal(record.SealedSecret, row.SealedSecret);
    }

    [Fact]
    public async Task ReplaceSealed_WhenVersionAndKeyIdMatch_ChangesOnlyKeyIdAndSealed()
    {
        var storage = await InitializedAsync();
        var record = Record("acme", "KEY", "k-old", version: 3);
        await storage.InsertAsync(record);

        var applied = await storage.ReplaceSealedAsync([new RewrappedCredential("acme", record.Metadata.Id, "KEY", 3, "k-old", "k-new", [9, 9, 9])]);

        Assert.Equal(1, applied);
        var stored = (await storage.FindByIdAsync("acme", record.Metadata.Id))!;
        Assert.Equal("k-new", stored.KeyId);
        Assert.Equal([9, 9, 9], stored.SealedSecret);
        Assert.Equal(record.Metadata, stored.Metadata);
    }

    [Fact]
    public async Task ReplaceSealed_StaleVersionKeyIdOrKeyOtherOrganizationOrDeleted_ChangesNothing()
    {
        var storage = await InitializedAsync();
        var record = Record("acme", "KEY", "k-old", version: 3);
        var gone = Record("acme", "GONE", "k-old");
        await storage.InsertAsync(record);

        var applied = await storage.ReplaceSealedAsync(
        [
            new RewrappedCredential("acme", record.Metadata.Id, "KEY", 2, "k-old", "k-new", [1]),
            new RewrappedCredential("acme", record.Metadata.Id, "KEY", 3, "k-other", "k-new", [2]),
            new RewrappedCredential("globex", record.Metadata.Id, "KEY", 3, "k-old", "k-new", [3]),
            new RewrappedCredential("acme", record.Metadata.Id, "RENAMED", 3, "k-old", "k-new", [5]),
            new RewrappedCredential("acme", gone.Metadata.Id, "GONE", 1, "k-old", "k-new", [4]),
        ]);

        Assert.Equal(0, applied);
        var stored = (await storage.FindByIdAsync("acme", record.Metadata.Id))!;
        Assert.Equal("k-old", stored.KeyId);
        Assert.Equal(record.SealedSecret, stored.SealedSecret);
    }

    [Fact]
    public async Task ReplaceSealed_AfterAConcurrentUpdate_LeavesTheUpdate()
    {
        var storage = await InitializedAsync();
        var record = Record("acme", "KEY", "k-old", version: 1);
        await storage.InsertAsync(record);
        var read = Assert.Single(await storage.ListNotUnderKeyAsync("k-new", null, 10));
        var userUpdate = record with { Metadata = record.Metadata with { Version = 2 }, KeyId = "k-new", SealedSecret = [7, 7] };
        Assert.Equal(StorageWriteResult.Success, await storage.UpdateAsync(userUpdate, 1));

        var applied = await storage.ReplaceSealedAsync([new RewrappedCredential("acme", read.Id, read.Key, read.Version, read.KeyId, "k-new", [1, 1])]);

        Assert.Equal(0, applied);
        Assert.Equal([7, 7], (await storage.FindByIdAsync("acme", record.Metadata.Id))!.SealedSecret);
    }

    [Fact]
    public async Task ReplaceSealed_EmptyBatch_ReturnsZero() =>
        Assert.Equal(0, await (await InitializedAsync()).ReplaceSealedAsync([]));

    private async Task<ICredentialStorage> InitializedAsync()
    {
        var storage = CreateStorage();
        await storage.InitializeAsync();
        return storage;
    }

    internal static CredentialRecord Record(string org, string key, string keyId, long version = 1)
    {
        var now = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var metadata = new CredentialMetadataRecord(org, Guid.NewGuid(), "Name " + key, key, "custom", "api_token", "••••", null, key, now, now, version);
        return new CredentialRecord(metadata, keyId, System.Security.Cryptography.RandomNumberGenerator.GetBytes(40));
    }
}
