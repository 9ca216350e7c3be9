namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    [Fact]
    public async Task GetSettingAsync_Absent_ReturnsNull()
    {
        Assert.True(await Storage.TryAddSettingAsync("key-check/kek-1", [1]));

        Assert.Null(await Storage.GetSettingAsync("key-check/kek-2"));
        Assert.Null(await Storage.GetSettingAsync("KEY-CHECK/KEK-1"));
    }

    [Fact]
    public async Task TryAddSettingAsync_NameUnused_ReturnsTrueAndStoresValue()
    {
        var value = TestRecords.SealedBytes(40);

        Assert.True(await Storage.TryAddSettingAsync("key-check/kek-1", value));

        Assert.Equal(value, await Storage.GetSettingAsync("key-check/kek-1"));
    }

    [Fact]
    public async Task TryAddSettingAsync_NameTaken_ReturnsFalseAndKeepsFirstValue()
    {
        Assert.True(await Storage.TryAddSettingAsync("key-check/kek-1", [1, 2, 3]));

        Assert.False(await Storage.TryAddSettingAsync("key-check/kek-1", [9, 9, 9, 9]));

        Assert.Equal([1, 2, 3], await Storage.GetSettingAsync("key-check/kek-1"));
    }

    [Fact]
    public async Task TryAddSettingAsync_CallerMutatesArrays_StoredValueUnchanged()
    {
        byte[] value = [1, 2, 3];
        Assert.True(await Storage.TryAddSettingAsync("key-check/kek-1", value));
        value[0] = 42;

        var read = await Storage.GetSettingAsync("key-check/kek-1");
        read![1] = 42;

        Assert.Equal([1, 2, 3], await Storage.GetSettingAsync("key-check/kek-1"));
    }
}
