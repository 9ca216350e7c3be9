namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task FindResolvableByKeyAsync_StoredKey_ReturnsIdTypeKeyIdAndBytes()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY", type: "key_pair", keyId: "kek-7");

        var found = await Storage.FindResolvableByKeyAsync(Org, "OPENAI_API_KEY");

        Assert.NotNull(found);
        Assert.Equal(record.Metadata.Id, found.Id);
        Assert.Equal("key_pair", found.Type);
        Assert.Equal("kek-7", found.KeyId);
        Assert.Equal(record.SealedSecret, found.SealedSecret);
    }

    [Fact]
    public async Task FindResolvableByKeyAsync_OtherOrganizationOrUnknownKey_ReturnsNull()
    {
        await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Null(await Storage.FindResolvableByKeyAsync(OtherOrg, "OPENAI_API_KEY"));
        Assert.Null(await Storage.FindResolvableByKeyAsync(Org, "OTHER_KEY"));
    }

    [Fact]
    public async Task FindResolvableByKeyAsync_AfterKeyChange_FollowsTheNewKey()
    {
        var record = await InsertAsync(Org, "OLD_KEY");
        var moved = record with { Metadata = record.Metadata with { Key = "NEW_KEY", Version = record.Metadata.Version + 1 } };
        Assert.Equal(StorageWriteResult.Success, await Storage.UpdateAsync(moved, record.Metadata.Version));

        Assert.Null(await Storage.FindResolvableByKeyAsync(Org, "OLD_KEY"));
        Assert.Equal(record.Metadata.Id, (await Storage.FindResolvableByKeyAsync(Org, "NEW_KEY"))?.Id);
    }

    [Theory]
    [InlineData("Société Générale")]
    [InlineData("组织-东京")]
    [InlineData("team 🔑 keys")]
    public async Task NonAsciiOrganization_ResolvesAndListsOnlyItsOwn(string organizationId)
    {
        // Providers may bind text as UTF-8 themselves (SQLite's resolve and listing do): the organization must come back
        // byte for byte, and an organization that differs only after the first non-ASCII character must not match.
        var record = await InsertAsync(TestRecords.New(organizationId, "SHARED_KEY", category: "runtime", type: "ssh_key", keyId: "kek-ü"));
        await InsertAsync(TestRecords.New(organizationId + "x", "SHARED_KEY"));

        var found = await Storage.FindResolvableByKeyAsync(organizationId, "SHARED_KEY");
        var listed = Assert.Single(await Storage.ListAsync(organizationId, Query(limit: Everything)));

        Assert.Equal(record.Metadata.Id, found?.Id);
        Assert.Equal("kek-ü", found?.KeyId);
        Assert.Equal(record.SealedSecret, found?.SealedSecret);
        Assert.Equal(record.Metadata, listed);
    }
}
