using System.Text.Json;
using Credentials.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Issue 13, items 5 and 6: a store that cannot be written (a full disk, a read-only file) must leave a rotation either
/// not done or done, never half; callers that retry must not add keys; and start-up must not need to write to read.
/// The faults are a storage wrapper that fails every write with SQLite's "disk full" (or counts that none arrives).
/// </summary>
public sealed class StorageFaultTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-faults-");

    public static TheoryData<string> Rings => ["key-file", "passphrase"];

    [Theory]
    [MemberData(nameof(Rings))]
    public async Task Rotate_OnAFullDisk_FailsWithoutRotating_RetriesAddNoKey_AndSucceedsOnceThereIsRoom(string ring)
    {
        using var vault = Open(ring, out var storage);
        await vault.CreateTokensAsync(2);
        var before = Assert.Single(await vault.Keys.ListKeysAsync()).Id;

        storage.FailWrites = DiskFull;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => vault.Keys.RotateAsync());
        }

        // Nothing rotated: the same single key, here and in the ring's own record; reads and the old primary still work.
        Assert.Equal([before], (await vault.Keys.ListKeysAsync()).Select(k => k.Id));
        Assert.Equal(1, RingSize(ring));
        Assert.Equal(KeyFileStore.TokenFor("KEY", 1), (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Globex, "KEY_1")).Token);

        storage.FailWrites = null;
        var rotated = await vault.Keys.RotateAsync();
        Assert.Equal(2, RingSize(ring));
        Assert.Equal([before, rotated.Id], (await vault.Keys.ListKeysAsync()).Select(k => k.Id));
        var created = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("AFTER", "sk-after-0123456789"));
        Assert.Equal(rotated.Id, (await vault.Storage.FindByIdAsync("acme", created.Id.Value))!.KeyId);
    }

    [Theory]
    [MemberData(nameof(Rings))]
    public async Task Startup_OnAFullDisk_WithAKeyWhoseCheckWasNeverWritten_OpensAndReads(string ring)
    {
        // The state the issue found after a failed rotation: the ring has a new key, the store has no key check for it.
        using (var first = Open(ring, out _))
        {
            await first.CreateTokensAsync(3);
            var rotated = await first.Keys.RotateAsync();
            await first.Keys.RewrapAsync();
            DeleteSettings($"key-check/{rotated.Id}", $"key-created/{rotated.Id}");
        }

        using var reopened = Open(ring, out var storage);
        storage.FailWrites = DiskFull;

        Assert.Equal(KeyFileStore.TokenFor("KEY", 2), (await reopened.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_2")).Token);
        Assert.Equal(3, (await reopened.Store.ListAsync(TestVault.Acme)).Items.Count + (await reopened.Store.ListAsync(TestVault.Globex)).Items.Count);
        Assert.Equal(2, (await reopened.Keys.ListKeysAsync()).Count);
        Assert.DoesNotContain(storage.Calls, c => StorageInterceptor.WriteMethods.Contains(c.Method));
        var write = await Assert.ThrowsAsync<SqliteException>(() => reopened.Store.CreateAsync(TestVault.Acme, TestVault.Token("NEW")));
        Assert.Contains("full", write.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_ReadOnlyStore_MasterKey_WritesNothingToRead_AndAWriteFailsClearly()
    {
        var masterKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using (var writer = KeyFileStore.Open(_directory, b => b.UseMasterKey(masterKey)))
        {
            await writer.CreateTokensAsync(2);
        }

        using var reader = KeyFileStore.Open(_directory, b =>
        {
            b.UseMasterKey(masterKey);
            var readOnly = StorageInterceptor.Wrap(new Credentials.Storage.Sqlite.SqliteCredentialStorage("Data Source=" + _directory.File("store.db")));
            StorageInterceptor.Of(readOnly).FailWrites = _ => new SqliteException("attempt to write a readonly database", 8);
            b.Services.Replace(ServiceDescriptor.Singleton(readOnly));
        });
        var storage = StorageInterceptor.Of(reader.Storage);

        Assert.Equal(KeyFileStore.TokenFor("KEY", 0), (await reader.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_0")).Token);
        var listed = await reader.Store.ListAsync(TestVault.Globex);
        Assert.True((await reader.Store.GetForEditAsync(TestVault.Globex, listed.Items[0].Id)).Fields.Single().HasStoredValue);
        Assert.Single(await reader.Keys.ListKeysAsync());
        Assert.DoesNotContain(storage.Calls, c => StorageInterceptor.WriteMethods.Contains(c.Method));

        var write = await Assert.ThrowsAsync<SqliteException>(() => reader.Store.CreateAsync(TestVault.Acme, TestVault.Token("NEW")));
        Assert.Contains("readonly", write.Message, StringComparison.Ordinal);
    }

    private static SqliteException DiskFull(string method) => new($"database or disk is full ({method})", 13);

    private KeyFileStore Open(string ring, out StorageInterceptor storage)
    {
        var wrapped = StorageInterceptor.Wrap(new Credentials.Storage.Sqlite.SqliteCredentialStorage("Data Source=" + _directory.File("store.db")));
        storage = StorageInterceptor.Of(wrapped);
        return KeyFileStore.Open(_directory, b =>
        {
            if (ring == "passphrase")
            {
                b.UsePassphrase("a test passphrase", PassphraseTests.Cheap);
            }

            b.Services.Replace(ServiceDescriptor.Singleton(wrapped));
        });
    }

    /// <summary>How many keys the ring itself records: the key file's entries, or the stored ring's key entries.</summary>
    private int RingSize(string ring)
    {
        if (ring == "key-file")
        {
            return JsonDocument.Parse(File.ReadAllBytes(_directory.File("credentials.key"))).RootElement.GetProperty("keys").GetArrayLength();
        }

        using var connection = new SqliteConnection("Data Source=" + _directory.File("store.db") + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM settings WHERE name LIKE 'key-ring/key/%';";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void DeleteSettings(params string[] names)
    {
        using var connection = new SqliteConnection("Data Source=" + _directory.File("store.db") + ";Pooling=False");
        connection.Open();
        foreach (var name in names)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM settings WHERE name = $name;";
            command.Parameters.AddWithValue("$name", name);
            command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _directory.Dispose();
}
