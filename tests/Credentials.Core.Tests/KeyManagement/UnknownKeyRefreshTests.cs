using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Issue 13, item 4: after quick rotations another instance meets healthy credentials under keys it has not loaded. That
/// must re-read the ring (once for everyone who meets it at the same time), never fail as tampering; and no clock may
/// decide it: this instance's clock stands still.
/// </summary>
public sealed class UnknownKeyRefreshTests : IDisposable
{
    private const int Credentials = 40;
    private readonly TempDirectory _directory = new("credentials-unknown-key-");

    public static TheoryData<string> Stores => ["sqlite+passphrase", "sqlite+key-file", "memory+passphrase"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AnotherInstanceRotatesTwiceAndRewraps_ConcurrentResolvesAllSucceed_WithFewRingReads(string store)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var pair = TwoInstances.Open(_directory, store, b => b.Services.AddSingleton<TimeProvider>(clock));
        var (a, b) = (pair.A, pair.B);
        await a.CreateTokensAsync(Credentials);
        Assert.Equal(KeyFileStore.TokenFor("KEY", 0), (await b.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_0")).Token);

        // A first rotation: B meets the new key and re-reads its ring.
        await a.Keys.RotateAsync();
        await a.Keys.RewrapAsync();
        Assert.Equal(KeyFileStore.TokenFor("KEY", 1), (await b.Resolver.ResolveAsync<ApiToken>(TestVault.Globex, "KEY_1")).Token);

        // A second one right after (B's clock has not moved): every credential is now under a key B has not loaded.
        await a.Keys.RotateAsync();
        await a.Keys.RewrapAsync();
        pair.Gate.ClearCalls();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resolves = Enumerable.Range(0, Credentials).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return (await b.Resolver.ResolveAsync<ApiToken>(KeyFileStore.OrgOf(i), $"KEY_{i}")).Token == KeyFileStore.TokenFor("KEY", i) ? null : $"KEY_{i}: wrong value";
            }
            catch (CredentialException ex)
            {
                return $"KEY_{i}: {ex.GetType().Name}";
            }
        })).ToArray();
        start.SetResult();
        var failures = (await Task.WhenAll(resolves)).OfType<string>().ToList();

        Assert.Empty(failures);
        var ringReads = pair.Gate.Calls.Count(c => c.Method == "ListSettingsAsync" && c.Argument == "key-ring/key/");
        Assert.InRange(ringReads, 0, 2);
    }

    [Fact]
    public async Task AKeyIdNoRingHas_IsAnIntegrityFailureAfterOneReRead()
    {
        using var pair = TwoInstances.Open(_directory, "sqlite+passphrase");
        var views = await pair.A.CreateTokensAsync(1);
        var record = (await pair.A.Storage.FindByIdAsync("acme", views[0].Id.Value))!;
        await pair.B.Keys.ListKeysAsync();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _directory.File("store.db") + ";Pooling=False"))
        {
            // A row whose key id no ring has (tampered, or from another store).
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE credentials SET key_id = 'k-0000000000000000' WHERE id = $id;";
            command.Parameters.AddWithValue("$id", record.Metadata.Id.ToString("N"));
            command.ExecuteNonQuery();
        }

        pair.Gate.ClearCalls();
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => pair.B.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_0"));

        Assert.Equal(1, pair.Gate.Calls.Count(c => c.Method == "ListSettingsAsync" && c.Argument == "key-ring/key/"));
    }

    public void Dispose() => _directory.Dispose();
}
