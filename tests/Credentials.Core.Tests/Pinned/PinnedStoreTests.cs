using System.Text.Json;
using Credentials.Tests.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Pinned;

/// <summary>
/// A SQLite store written by the library before the retired-key fence and the stored ring's version 2
/// (<see cref="PinnedStoreGenerator"/>, commit 79e6e4f): schema 2, two ring entries of version 1, the first key retired
/// the old way (a <c>key-retired/&lt;id&gt;</c> setting), credentials and a deleted one under the second key. It must open,
/// keep its retirement, and move that retirement into the authenticated ring at the next rotation. Never regenerate it.
/// </summary>
public sealed class PinnedStoreTests : IDisposable
{
    private const string RetiredKey = "k-7ee311d42dd7d384";
    private const string PrimaryKey = "k-adfaa241e8eb8bc2";
    private static readonly OrganizationId Org = new("pinned-org");
    private readonly TempDirectory _directory = new("credentials-pinned-store-");

    public PinnedStoreTests() =>
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Pinned", "schema2-passphrase-store.db"), _directory.File("store.db"));

    [Fact]
    public async Task Schema2Store_Opens_KeepsItsRetirement_AndMovesItIntoTheRingAtTheNextRotation()
    {
        using (var store = Open())
        {
            Assert.Equal("sk-pinned-first-0123456789", (await store.Resolver.ResolveAsync<ApiToken>(Org, "FIRST")).Token);
            Assert.Equal("sk-pinned-second-0123456789", (await store.Resolver.ResolveAsync<ApiToken>(Org, "SECOND")).Token);
            var keys = await store.Keys.ListKeysAsync();
            Assert.Equal([(RetiredKey, true, false, 0L), (PrimaryKey, false, true, 3L)], keys.Select(k => (k.Id, k.IsRetired, k.IsPrimary, k.WrappedCount)));
            Assert.Equal(6L, Scalar("PRAGMA user_version;"));
            Assert.Equal(RetiredKey, Scalar("SELECT key_id FROM retired_keys;"));

            var binned = Assert.Single(await store.Services.GetRequiredService<IDeletedCredentials>().ListAsync(Org));
            await store.Services.GetRequiredService<IDeletedCredentials>().RecoverAsync(Org, binned.Credential.Id);
            Assert.Equal("sk-pinned-binned-0123456789", (await store.Resolver.ResolveAsync<ApiToken>(Org, "BINNED")).Token);

            await store.Keys.RotateAsync();
        }

        // The ring now records the retirement itself: key 1 is a tombstone (its material erased), a retirement entry names it.
        Assert.Equal("tombstone", JsonDocument.Parse((byte[])Scalar("SELECT value FROM settings WHERE name = 'key-ring/key/1';")!).RootElement.GetProperty("kind").GetString());
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM settings WHERE name LIKE 'key-ring/key/%' AND CAST(value AS TEXT) LIKE '%\"kind\":\"retirement\"%';"));

        Scalar("DELETE FROM retired_keys; DELETE FROM settings WHERE name LIKE 'key-retired/%';");
        using var reopened = Open();
        Assert.True((await reopened.Keys.ListKeysAsync()).Single(k => k.Id == RetiredKey).IsRetired);
        Assert.Equal("sk-pinned-second-0123456789", (await reopened.Resolver.ResolveAsync<ApiToken>(Org, "SECOND")).Token);
    }

    private KeyFileStore Open() => KeyFileStore.Open(_directory, b => b.UsePassphrase(PinnedStoreGenerator.Passphrase, PassphraseTests.Cheap));

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection("Data Source=" + _directory.File("store.db") + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose() => _directory.Dispose();
}
