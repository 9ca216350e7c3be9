using System.Text.Json;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.KeyManagement;

public sealed class CredentialKeyManagerTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-keys-");

    [Fact]
    public async Task ListKeys_MasterKey_OnePrimaryWithItsCount()
    {
        using var vault = TestVault.Create();
        await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        var keys = vault.Provider.GetRequiredService<ICredentialKeyManager>();

        var key = Assert.Single(await keys.ListKeysAsync());

        Assert.True(key.IsPrimary);
        Assert.False(key.IsRetired);
        Assert.Equal(1, key.WrappedCount);
        Assert.StartsWith("mk-", key.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_MasterKey_IsRefusedWithAClearMessage()
    {
        using var vault = TestVault.Create();
        var keys = vault.Provider.GetRequiredService<ICredentialKeyManager>();

        var ex = await Assert.ThrowsAsync<CredentialException>(() => keys.RotateAsync());

        Assert.Contains("cannot rotate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_KeyFile_AddsPrimaryKeepsOldKeysAndNewWritesUseIt()
    {
        using var store = KeyFileStore.Open(_directory);
        await store.CreateTokensAsync(3, "OLD");
        var first = Assert.Single(await store.Keys.ListKeysAsync());

        var rotated = await store.Keys.RotateAsync();
        var after = await store.Store.CreateAsync(TestVault.Acme, TestVault.Token("NEW_KEY", "sk-new-0123456789"));

        Assert.True(rotated.IsPrimary);
        Assert.NotEqual(first.Id, rotated.Id);
        Assert.Equal(rotated.Id, (await store.Storage.FindByIdAsync("acme", after.Id.Value))!.KeyId);
        var keys = await store.Keys.ListKeysAsync();
        Assert.Equal([first.Id, rotated.Id], keys.Select(k => k.Id));
        Assert.Equal([3L, 1L], keys.Select(k => k.WrappedCount));
        Assert.Equal("sk-old-000001-secret", (await store.Resolver.ResolveAsync<ApiToken>(TestVault.Globex, "OLD_1")).Token);

        var document = JsonDocument.Parse(File.ReadAllBytes(_directory.File("credentials.key"))).RootElement;
        Assert.Equal(rotated.Id, document.GetProperty("primary").GetString());
        Assert.Equal(2, document.GetProperty("keys").GetArrayLength());
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_directory.File("credentials.key")));
        }

    }

    [Fact]
    public async Task Rotate_TwoProvidersOnOneKeyFile_NeitherLosesTheOthersKey()
    {
        using var a = KeyFileStore.Open(_directory);
        using var b = KeyFileStore.Open(_directory);
        await a.Keys.ListKeysAsync();
        await b.Keys.ListKeysAsync();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? a : b).Keys.RotateAsync()));

        var document = JsonDocument.Parse(File.ReadAllBytes(_directory.File("credentials.key"))).RootElement;
        Assert.Equal(5, document.GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public async Task Rewrap_AfterRotation_MovesEveryDataKeyAndKeepsNonceCiphertextAndTagByteForByte()
    {
        using var store = KeyFileStore.Open(_directory, b => b.Services.Configure<RewrapOptions>(o => o.BatchSize = 7));
        var views = await store.CreateTokensAsync(40);
        var old = await SnapshotAsync(store.Storage, views);
        var primary = await store.Keys.RotateAsync();
        var reports = new List<RewrapProgress>();

        var result = await store.Keys.RewrapAsync(new SyncProgress<RewrapProgress>(reports.Add));

        Assert.Equal(40, result.Rewrapped);
        Assert.Equal(0, result.Remaining);
        Assert.Equal(0, result.Failed);
        Assert.Equal(primary.Id, result.PrimaryKeyId);
        Assert.Equal(new RewrapProgress(40, 40), reports[^1]);
        Assert.Equal(reports.Select(r => r.Done).Order(), reports.Select(r => r.Done));
        for (var i = 0; i < views.Count; i++)
        {
            var before = old[i];
            var record = (await store.Storage.FindByIdAsync(KeyFileStore.OrgOf(i).Value, views[i].Id.Value))!;
            Assert.Equal(primary.Id, record.KeyId);
            Assert.Equal(before.Metadata, record.Metadata);
            var oldParts = CredentialEnvelope.Parse(before.SealedSecret);
            var newParts = CredentialEnvelope.Parse(record.SealedSecret);
            Assert.Equal(primary.Id, newParts.KeyId);
            Assert.True(oldParts.Nonce.SequenceEqual(newParts.Nonce));
            Assert.True(oldParts.Ciphertext.SequenceEqual(newParts.Ciphertext));
            Assert.True(oldParts.Tag.SequenceEqual(newParts.Tag));
            Assert.False(oldParts.WrappedKey.SequenceEqual(newParts.WrappedKey));
        }

        for (var i = 0; i < views.Count; i++)
        {
            Assert.Equal(KeyFileStore.TokenFor("KEY", i), (await store.Resolver.ResolveAsync<ApiToken>(KeyFileStore.OrgOf(i), $"KEY_{i}")).Token);
        }

        var again = await store.Keys.RewrapAsync();
        Assert.Equal(0, again.Rewrapped);
    }

    [Fact]
    public async Task Rewrap_TamperedWrappedKey_IsCountedFailedAndLeftAsItWas()
    {
        using var store = KeyFileStore.Open(_directory);
        var views = await store.CreateTokensAsync(3);
        var record = (await store.Storage.FindByIdAsync("acme", views[0].Id.Value))!;
        var damaged = record.SealedSecret.ToArray();
        var parts = CredentialEnvelope.Parse(damaged);
        damaged[4 + 2 + parts.KeyId.Length + 2 + 20] ^= 1;
        await store.Storage.UpdateAsync(record with { SealedSecret = damaged }, record.Metadata.Version);
        await store.Keys.RotateAsync();

        var result = await store.Keys.RewrapAsync();

        Assert.Equal(2, result.Rewrapped);
        Assert.Equal(1, result.Failed);
        Assert.Equal(1, result.Remaining);
        Assert.Equal(damaged, (await store.Storage.FindByIdAsync("acme", views[0].Id.Value))!.SealedSecret);
    }

    [Fact]
    public async Task Retire_WhileCredentialsAreWrapped_IsRefusedNamingTheCount()
    {
        using var store = KeyFileStore.Open(_directory);
        await store.CreateTokensAsync(3);
        var old = Assert.Single(await store.Keys.ListKeysAsync());
        await store.Keys.RotateAsync();

        var ex = await Assert.ThrowsAsync<CredentialException>(() => store.Keys.RetireAsync(old.Id));

        Assert.Contains("3 credential(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(old.Id, ex.Message, StringComparison.Ordinal);
        Assert.False((await store.Keys.ListKeysAsync()).Single(k => k.Id == old.Id).IsRetired);
    }

    [Fact]
    public async Task Retire_PrimaryOrUnknownKey_IsRefused()
    {
        using var store = KeyFileStore.Open(_directory);
        var primary = Assert.Single(await store.Keys.ListKeysAsync());

        Assert.Contains("primary", (await Assert.ThrowsAsync<CredentialException>(() => store.Keys.RetireAsync(primary.Id))).Message, StringComparison.Ordinal);
        Assert.Contains("no key", (await Assert.ThrowsAsync<CredentialException>(() => store.Keys.RetireAsync("k-unknown"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateRewrapRetire_RetiredKeyIsRecordedInFileAndStore_AndARolledBackRowFailsIntegrity()
    {
        string oldId;
        CredentialRecord rolledBack;
        using (var store = KeyFileStore.Open(_directory))
        {
            var views = await store.CreateTokensAsync(5);
            oldId = Assert.Single(await store.Keys.ListKeysAsync()).Id;
            rolledBack = (await store.Storage.FindByIdAsync("acme", views[0].Id.Value))!;
            await store.Keys.RotateAsync();
            await store.Keys.RewrapAsync();

            await store.Keys.RetireAsync(oldId);
            await store.Keys.RetireAsync(oldId);

            var keys = await store.Keys.ListKeysAsync();
            Assert.True(keys.Single(k => k.Id == oldId).IsRetired);
            Assert.Equal(0, keys.Single(k => k.Id == oldId).WrappedCount);

            // An attacker with write access to the file rolls a row back to its ciphertext under the retired key (the storage
            // API itself refuses that write: its fence keeps retired key ids out).
            RollBack(rolledBack);
            var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => store.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_0"));
            Assert.Contains("retired", ex.Message, StringComparison.Ordinal);
        }

        var entry = JsonDocument.Parse(File.ReadAllBytes(_directory.File("credentials.key"))).RootElement.GetProperty("keys")
            .EnumerateArray().Single(k => k.GetProperty("id").GetString() == oldId);
        Assert.True(entry.TryGetProperty("retired_at", out _));

        // After a restart the retirement still holds, from the file and from the store.
        using (var reopened = KeyFileStore.Open(_directory))
        {
            Assert.True((await reopened.Keys.ListKeysAsync()).Single(k => k.Id == oldId).IsRetired);
            await Assert.ThrowsAsync<CredentialIntegrityException>(() => reopened.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_0"));
            Assert.NotNull(await reopened.Resolver.TryResolveAsync(TestVault.Globex, "KEY_1"));
        }
    }

    [Fact]
    public async Task Startup_PrimaryRetiredInTheStore_RefusesToStartAndWritesNothing()
    {
        string oldId;
        using (var store = KeyFileStore.Open(_directory))
        {
            await store.CreateTokensAsync(2);
            oldId = Assert.Single(await store.Keys.ListKeysAsync()).Id;
            await store.Keys.RotateAsync();
            await store.Keys.RewrapAsync();
            await store.Keys.RetireAsync(oldId);
        }

        // A key file edited (or restored from an old copy) so that the retired key is primary again and not flagged.
        var path = _directory.File("credentials.key");
        var ring = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        ring["primary"] = oldId;
        foreach (var key in ring["keys"]!.AsArray())
        {
            key!.AsObject().Remove("retired_at");
        }

        await File.WriteAllTextAsync(path, ring.ToJsonString());
        using var restored = KeyFileStore.Open(_directory);

        var ex = await Assert.ThrowsAsync<CredentialException>(() => restored.Store.CreateAsync(TestVault.Acme, TestVault.Token("NEW")));
        Assert.Contains($"primary key '{oldId}' is retired", ex.Message, StringComparison.Ordinal);
        Assert.Null(await restored.Storage.FindByKeyAsync("acme", "NEW"));
    }

    [Fact]
    public async Task Sealer_PrimaryRetired_RefusesToWrite()
    {
        using var vault = TestVault.Create();
        var sealer = vault.Provider.GetRequiredService<CredentialSealer>();
        sealer.Retirements.Add(sealer.Keys.PrimaryKey.KeyId);

        var ex = await Assert.ThrowsAsync<CredentialException>(() => vault.Store.CreateAsync(TestVault.Acme, TestVault.Token()));

        Assert.Contains("retired", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Writes a credential's old key id and sealed bytes back over its row, outside the vault and the storage API.</summary>
    private void RollBack(CredentialRecord old)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _directory.File("store.db") + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE credentials SET key_id = $keyId, sealed = $sealed WHERE org_id = $org AND id = $id;";
        command.Parameters.AddWithValue("$keyId", old.KeyId);
        command.Parameters.AddWithValue("$sealed", old.SealedSecret);
        command.Parameters.AddWithValue("$org", old.Metadata.OrganizationId);
        command.Parameters.AddWithValue("$id", old.Metadata.Id.ToString("N"));
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static async Task<List<CredentialRecord>> SnapshotAsync(ICredentialStorage storage, List<CredentialView> views)
    {
        var records = new List<CredentialRecord>();
        for (var i = 0; i < views.Count; i++)
        {
            records.Add((await storage.FindByIdAsync(KeyFileStore.OrgOf(i).Value, views[i].Id.Value))!);
        }

        return records;
    }

    public void Dispose() => _directory.Dispose();
}
