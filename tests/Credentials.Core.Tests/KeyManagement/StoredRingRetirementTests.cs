using System.Text.Json;
using Credentials.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Security finding 3: with a ring kept in the store (<c>UsePassphrase</c>), a retirement must not be undone by deleting
/// or editing rows. Retirement is an authenticated entry of the ring, the retired key's material is erased, and a gap in
/// the ring is damage, never a reason to start a new ring. Each test plays an attacker with write access to the file who
/// also restores a credential's old row (sealed under the retired key) from a backup.
/// </summary>
public sealed class StoredRingRetirementTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-ring-retire-");

    [Fact]
    public async Task DeletingTheRetirementRows_DoesNotBringTheKeyBack_AndAnOldEnvelopeStaysRefused()
    {
        var (oldKey, backup) = await RetireTheFirstKeyAsync();

        // Every row outside the ring that says "retired", and the ring's own retirement entry (the last one).
        Execute("DELETE FROM settings WHERE name LIKE 'key-retired/%';");
        if (Scalar("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'retired_keys';") is 1L)
        {
            Execute("DELETE FROM retired_keys;");
        }

        var last = Scalar("SELECT name FROM settings WHERE name LIKE 'key-ring/key/%' ORDER BY length(name) DESC, name DESC LIMIT 1;") as string;
        if (Scalar($"SELECT value FROM settings WHERE name = '{last}';") is byte[] lastEntry && JsonDocument.Parse(lastEntry).RootElement.TryGetProperty("kind", out var kind)
            && kind.GetString() == "retirement")
        {
            Execute($"DELETE FROM settings WHERE name = '{last}';");
        }

        RestoreRow(backup);

        using var reopened = Open();
        var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => reopened.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_0"));
        Assert.Contains("retired", ex.Message, StringComparison.Ordinal);
        Assert.True((await reopened.Keys.ListKeysAsync()).Single(k => k.Id == oldKey).IsRetired);
        Assert.Equal(KeyFileStore.TokenFor("KEY", 1), (await reopened.Resolver.ResolveAsync<ApiToken>(TestVault.Globex, "KEY_1")).Token);
    }

    [Fact]
    public async Task RestoringTheRetiredKeysOldEntryAlone_DoesNotBringTheKeyBack()
    {
        var entryBefore = (byte[]?)null;
        var (oldKey, backup) = await RetireTheFirstKeyAsync(beforeRetiring: () => entryBefore = (byte[])Scalar("SELECT value FROM settings WHERE name = 'key-ring/key/1';")!);

        // The retirement erased the key's material (its entry is now an authenticated tombstone) ...
        var tombstone = JsonDocument.Parse((byte[])Scalar("SELECT value FROM settings WHERE name = 'key-ring/key/1';")!).RootElement;
        Assert.Equal("tombstone", tombstone.GetProperty("kind").GetString());
        Assert.False(tombstone.TryGetProperty("wrapped_key", out _));

        // ... and putting the old entry back from a backup restores the material, but not the key.
        using (var connection = Connect())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE settings SET value = $value WHERE name = 'key-ring/key/1';";
            command.Parameters.AddWithValue("$value", entryBefore!);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        RestoreRow(backup);

        using var reopened = Open();
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => reopened.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_0"));
        Assert.True((await reopened.Keys.ListKeysAsync()).Single(k => k.Id == oldKey).IsRetired);
    }

    [Fact]
    public async Task AGapInTheRing_IsDamage_AndNothingIsWritten()
    {
        using (var store = Open())
        {
            await store.CreateTokensAsync(2);
            await store.Keys.RotateAsync();
            await store.Keys.RotateAsync();
        }

        Execute("DELETE FROM settings WHERE name = 'key-ring/key/2';");
        var settingsBefore = Dump("SELECT name, hex(value) FROM settings ORDER BY name;");
        var credentialsBefore = Dump("SELECT org_id, key, key_id, hex(sealed), version FROM credentials ORDER BY org_id, key;");

        using var reopened = Open();
        var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => reopened.Store.ListAsync(TestVault.Acme));
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => reopened.Store.CreateAsync(TestVault.Acme, TestVault.Token("NEW")));

        Assert.Equal(settingsBefore, Dump("SELECT name, hex(value) FROM settings ORDER BY name;"));
        Assert.Equal(credentialsBefore, Dump("SELECT org_id, key, key_id, hex(sealed), version FROM credentials ORDER BY org_id, key;"));
    }

    [Fact]
    public async Task AForgedRetirementEntry_IsRefusedAsDamage()
    {
        using (var store = Open())
        {
            await store.CreateTokensAsync(1);
            await store.Keys.RotateAsync();
        }

        // Someone with write access but without the passphrase appends a "retirement" of the primary: it cannot authenticate.
        var primary = JsonDocument.Parse((byte[])Scalar("SELECT value FROM settings WHERE name = 'key-ring/key/2';")!).RootElement.GetProperty("id").GetString();
        var forged = System.Text.Encoding.UTF8.GetBytes(
            $"{{\"kind\":\"retirement\",\"id\":\"{primary}\",\"key_index\":2,\"retired_at\":\"1970-01-01T00:00:00+00:00\",\"proof\":\"{Convert.ToBase64String(new byte[60])}\"}}");
        using (var connection = Connect())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO settings (name, value) VALUES ('key-ring/key/3', $value);";
            command.Parameters.AddWithValue("$value", forged);
            command.ExecuteNonQuery();
        }

        using var reopened = Open();
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => reopened.Store.ListAsync(TestVault.Acme));
    }

    [Fact]
    public async Task ARetirementRecordedBeforeRingsKeptThem_MovesIntoTheRingAtTheNextRotation()
    {
        string oldKey;
        using (var store = Open())
        {
            await store.CreateTokensAsync(2);
            oldKey = Assert.Single(await store.Keys.ListKeysAsync()).Id;
            await store.Keys.RotateAsync();
            await store.Keys.RewrapAsync();
        }

        // A store as the previous version left it after RetireAsync: a 'key-retired/<id>' setting, schema version 2.
        Execute("DROP TABLE audit_log; DROP TABLE audit_heads; DROP INDEX ix_credentials_expires_at; ALTER TABLE credentials DROP COLUMN expires_at; ALTER TABLE credentials DROP COLUMN last_used_at; ALTER TABLE deleted_credentials DROP COLUMN expires_at; ALTER TABLE deleted_credentials DROP COLUMN last_used_at; DROP TABLE retired_keys; DROP TABLE oauth_flows; DROP TABLE oauth_leases; DROP TABLE oauth_connections; PRAGMA user_version = 3;");
        using (var connection = Connect())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO settings (name, value) VALUES ($name, $value);";
            command.Parameters.AddWithValue("$name", "key-retired/" + oldKey);
            command.Parameters.AddWithValue("$value", KeySettings.EncodeTime(DateTimeOffset.UnixEpoch));
            command.ExecuteNonQuery();
        }

        using (var upgraded = Open())
        {
            Assert.True((await upgraded.Keys.ListKeysAsync()).Single(k => k.Id == oldKey).IsRetired);
            await upgraded.Keys.RotateAsync();
        }

        Execute("DELETE FROM retired_keys; DELETE FROM settings WHERE name LIKE 'key-retired/%';");
        using var reopened = Open();
        Assert.True((await reopened.Keys.ListKeysAsync()).Single(k => k.Id == oldKey).IsRetired);
        Assert.Equal(KeyFileStore.TokenFor("KEY", 1), (await reopened.Resolver.ResolveAsync<ApiToken>(TestVault.Globex, "KEY_1")).Token);
    }

    /// <summary>Creates credentials, keeps KEY_0's row (under the first key), rotates, rewraps and retires the first key.</summary>
    private async Task<(string OldKey, (string KeyId, byte[] Sealed, string Id) Backup)> RetireTheFirstKeyAsync(Action? beforeRetiring = null)
    {
        using var store = Open();
        var views = await store.CreateTokensAsync(3);
        var oldKey = Assert.Single(await store.Keys.ListKeysAsync()).Id;
        var row = (await store.Storage.FindByIdAsync("acme", views[0].Id.Value))!;
        await store.Keys.RotateAsync();
        Assert.Equal(0, (await store.Keys.RewrapAsync()).Remaining);
        beforeRetiring?.Invoke();
        await store.Keys.RetireAsync(oldKey);
        return (oldKey, (row.KeyId, row.SealedSecret, row.Metadata.Id.ToString("N")));
    }

    /// <summary>Puts a credential's key id and envelope back as a backup had them (same version: a rewrap keeps it).</summary>
    private void RestoreRow((string KeyId, byte[] Sealed, string Id) backup)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE credentials SET key_id = $keyId, sealed = $sealed WHERE id = $id;";
        command.Parameters.AddWithValue("$keyId", backup.KeyId);
        command.Parameters.AddWithValue("$sealed", backup.Sealed);
        command.Parameters.AddWithValue("$id", backup.Id);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private KeyFileStore Open() => KeyFileStore.Open(_directory, b => b.UsePassphrase("a test passphrase", PassphraseTests.Cheap));

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection("Data Source=" + _directory.File("store.db") + ";Pooling=False");
        connection.Open();
        return connection;
    }

    private void Execute(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private List<string> Dump(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
        }

        return rows;
    }

    public void Dispose() => _directory.Dispose();
}
