namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task InsertAsync_NewRecord_FindByIdReturnsSameMetadataAndBytes()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        StorageAssert.SameRecord(record, await Storage.FindByIdAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task InsertAsync_NewRecord_FindByKeyReturnsSameMetadataAndBytes()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        StorageAssert.SameRecord(record, await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"));
    }

    [Fact]
    public async Task InsertAsync_UnicodeTextTemplateAndMicrosecondTimestamps_RoundTripExactly()
    {
        const string name = "Cl\u00e9 \u00ab prod \u00bb \u65e5\u672c\u8a9e \u0645\u0641\u062a\u0627\u062d \U0001F511 e\u0301";
        var record = TestRecords.New(Org, "UNICODE_KEY", name: name);
        record = record with
        {
            Metadata = record.Metadata with
            {
                TemplateId = "openai",
                CreatedAt = new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990),
                UpdatedAt = new DateTimeOffset(2038, 1, 19, 3, 14, 8, TimeSpan.Zero).AddTicks(10),
                Version = long.MaxValue - 1,
            },
            KeyId = "kek-\u00e9\U0001F511",
            SealedSecret = TestRecords.SealedBytes(70_000),
        };

        await InsertAsync(record);

        var byId = await Storage.FindByIdAsync(Org, record.Metadata.Id);
        var byKey = await Storage.FindByKeyAsync(Org, "UNICODE_KEY");
        StorageAssert.SameRecord(record, byId);
        StorageAssert.SameRecord(record, byKey);
        Assert.Equal(name, byId!.Metadata.Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1_000_000)]
    public async Task InsertAsync_SealedSecretOfAnyLength_RoundTripsExactly(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        var record = TestRecords.New(Org, "OPENAI_API_KEY") with { SealedSecret = bytes };

        await InsertAsync(record);

        StorageAssert.SameRecord(record, await Storage.FindByIdAsync(Org, record.Metadata.Id));
    }

    [Fact]
    public async Task InsertAsync_TimestampsWithAnOffset_ReturnSameInstants()
    {
        var record = TestRecords.New(Org, "OPENAI_API_KEY");
        var created = new DateTimeOffset(2025, 6, 30, 23, 30, 0, TimeSpan.FromHours(-9.5)).AddTicks(4_567_890);
        record = record with { Metadata = record.Metadata with { CreatedAt = created, UpdatedAt = created.ToOffset(TimeSpan.FromHours(14)) } };

        await InsertAsync(record);

        var found = await Storage.FindByIdAsync(Org, record.Metadata.Id);
        Assert.Equal(created.UtcTicks, found!.Metadata.CreatedAt.UtcTicks);
        Assert.Equal(created.UtcTicks, found.Metadata.UpdatedAt.UtcTicks);
    }

    [Fact]
    public async Task ListAsync_InsertedRecord_ReturnsSameMetadata()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");

        var rows = await Storage.ListAsync(Org, Query());

        StorageAssert.SameMetadata(record.Metadata, Assert.Single(rows));
    }

    [Fact]
    public async Task FindByIdAsync_UnknownId_ReturnsNull()
    {
        await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Null(await Storage.FindByIdAsync(Org, Guid.NewGuid()));
    }

    [Fact]
    public async Task FindByKeyAsync_UnknownKey_ReturnsNull()
    {
        await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Null(await Storage.FindByKeyAsync(Org, "ANTHROPIC_API_KEY"));
    }

    [Theory]
    [InlineData("openai_api_key")]
    [InlineData("OPENAI_API_KEY ")]
    [InlineData("OPENAI_API_KE")]
    [InlineData("OPENAI_API_KEY%")]
    [InlineData("OPENAI_API_KE_")]
    public async Task FindByKeyAsync_KeyNotOrdinallyEqual_ReturnsNull(string key)
    {
        await InsertAsync(Org, "OPENAI_API_KEY");

        Assert.Null(await Storage.FindByKeyAsync(Org, key));
    }

    [Fact]
    public async Task FindByIdAsync_CallerMutatesReturnedSecret_StoredBytesUnchanged()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        var expected = record.SealedSecret.ToArray();

        var first = await Storage.FindByIdAsync(Org, record.Metadata.Id);
        Array.Clear(first!.SealedSecret);
        var byKey = await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY");
        byKey!.SealedSecret[0] ^= 0xFF;

        Assert.Equal(expected, (await Storage.FindByIdAsync(Org, record.Metadata.Id))!.SealedSecret);
        Assert.Equal(expected, (await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"))!.SealedSecret);
    }

    [Fact]
    public async Task InsertAsync_CallerMutatesArrayAfterwards_StoredBytesUnchanged()
    {
        var record = TestRecords.New(Org, "OPENAI_API_KEY");
        var expected = record.SealedSecret.ToArray();

        await InsertAsync(record);
        Array.Clear(record.SealedSecret);

        Assert.Equal(expected, (await Storage.FindByIdAsync(Org, record.Metadata.Id))!.SealedSecret);
    }

    [Fact]
    public async Task InitializeAsync_CalledAgain_KeepsEverything()
    {
        var record = await InsertAsync(Org, "OPENAI_API_KEY");
        Assert.True(await Storage.TryAddSettingAsync("key-check/kek-1", [1, 2, 3]));

        await Storage.InitializeAsync();
        await Storage.InitializeAsync();

        StorageAssert.SameRecord(record, await Storage.FindByKeyAsync(Org, "OPENAI_API_KEY"));
        Assert.Equal([1, 2, 3], await Storage.GetSettingAsync("key-check/kek-1"));
        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(TestRecords.New(Org, "SECOND_KEY")));
    }
}
