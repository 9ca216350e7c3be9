using System.Collections.Concurrent;
using Credentials.Storage.Postgres.Testing;

namespace Credentials.Storage.Postgres;

/// <summary>What <see cref="PostgresCredentialStorage.SubscribeAsync"/> reports, and how it survives a lost connection.</summary>
[RequiresPostgres]
public sealed class PostgresChangeNotificationTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly TestSchema _schema = new();
    private readonly ConcurrentQueue<CredentialStorageChange> _changes = new();
    private PostgresCredentialStorage _listening = null!;
    private PostgresCredentialStorage _writer = null!;

    public async Task InitializeAsync()
    {
        // Two storages with their own pools, as two instances would have.
        _listening = new PostgresCredentialStorage(TestSchema.ConnectionString, _schema.Name) { ListenerIdleCheckInterval = TimeSpan.FromMilliseconds(200) };
        _writer = new PostgresCredentialStorage(TestSchema.ConnectionString, _schema.Name);
        await _listening.InitializeAsync();
        await _writer.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _listening.DisposeAsync();
        await _writer.DisposeAsync();
        await _schema.DisposeAsync();
    }

    [Fact]
    public async Task Insert_UpdateWithRename_AndDelete_AreReportedWithOrganizationAndKeys()
    {
        using var subscription = await _listening.SubscribeAsync(_changes.Enqueue);
        var record = TestRecords.New("acme", "OPENAI_API_KEY");

        Assert.Equal(StorageWriteResult.Success, await _writer.InsertAsync(record));
        await ExpectAsync(Credential("acme", "OPENAI_API_KEY"));

        Assert.Equal(StorageWriteResult.Success, await _writer.UpdateAsync(TestRecords.NextVersion(record, key: "RENAMED_KEY"), 1));
        await ExpectAsync(Credential("acme", "OPENAI_API_KEY"), Credential("acme", "RENAMED_KEY"));

        Assert.Equal(StorageWriteResult.Success, await _writer.DeleteAsync("acme", record.Metadata.Id, 2));
        await ExpectAsync(Credential("acme", "RENAMED_KEY"));
    }

    [Fact]
    public async Task SoftDeleteAndRestore_AreReported()
    {
        using var subscription = await _listening.SubscribeAsync(_changes.Enqueue);
        var record = TestRecords.New("acme", "OPENAI_API_KEY");
        await _writer.InsertAsync(record);
        await ExpectAsync(Credential("acme", "OPENAI_API_KEY"));

        Assert.Equal(StorageWriteResult.Success, await _writer.SoftDeleteAsync("acme", record.Metadata.Id, 1, [], TestRecords.CreatedAt));
        await ExpectAsync(Credential("acme", "OPENAI_API_KEY"));
        Assert.Equal(StorageWriteResult.Success, await _writer.RestoreAsync("acme", record.Metadata.Id));
        await ExpectAsync(Credential("acme", "OPENAI_API_KEY"));
    }

    [Fact]
    public async Task AddedSetting_IsReportedByName()
    {
        using var subscription = await _listening.SubscribeAsync(_changes.Enqueue);

        Assert.True(await _writer.TryAddSettingAsync("key-ring/key/2", [1, 2, 3]));

        await ExpectAsync(new CredentialStorageChange(CredentialStorageChangeKind.Setting, null, "key-ring/key/2"));
    }

    [Fact]
    public async Task Rewrap_IsNotReported()
    {
        var record = TestRecords.New("acme", "OPENAI_API_KEY");
        await _writer.InsertAsync(record);
        using var subscription = await _listening.SubscribeAsync(_changes.Enqueue);

        Assert.Equal(1, await _writer.ReplaceSealedAsync([new RewrappedCredential("acme", record.Metadata.Id, "OPENAI_API_KEY", 1, "kek-1", "kek-2", [7, 7])]));
        await _writer.TryAddSettingAsync("marker", [0]);

        // Notifications arrive in commit order: once the later marker is here, a rewrap notice would have been too.
        await ExpectAsync(new CredentialStorageChange(CredentialStorageChangeKind.Setting, null, "marker"));
    }

    [Fact]
    public async Task ListeningConnectionKilled_ReportsResetThenKeepsReporting()
    {
        using var subscription = await _listening.SubscribeAsync(_changes.Enqueue);
        var pid = _listening.Listener!.ListeningProcessId;
        Assert.NotNull(pid);

        Assert.Equal(true, await TestSchema.ScalarAsync("SELECT pg_terminate_backend($1)", pid.Value));

        await ExpectAsync(new CredentialStorageChange(CredentialStorageChangeKind.Reset, null, null));
        Assert.NotEqual(pid, _listening.Listener.ListeningProcessId);
        await _writer.TryAddSettingAsync("after-reconnect", [0]);
        await ExpectAsync(new CredentialStorageChange(CredentialStorageChangeKind.Setting, null, "after-reconnect"));
    }

    [Fact]
    public async Task DisposedSubscription_IsNotCalledAgain()
    {
        var other = new ConcurrentQueue<CredentialStorageChange>();
        using var kept = await _listening.SubscribeAsync(_changes.Enqueue);
        var dropped = await _listening.SubscribeAsync(other.Enqueue);

        dropped.Dispose();
        await _writer.TryAddSettingAsync("after-dispose", [0]);

        await ExpectAsync(new CredentialStorageChange(CredentialStorageChangeKind.Setting, null, "after-dispose"));
        Assert.Empty(other);
    }

    [Fact]
    public async Task ListenForChangesOff_SubscribesWithoutAConnectionAndNeverCalls()
    {
        await using var quiet = new PostgresCredentialStorage(TestSchema.DataSource, _schema.Name) { ListenForChanges = false };

        using var subscription = await quiet.SubscribeAsync(_changes.Enqueue);
        await _writer.TryAddSettingAsync("unheard", [0]);
        await Task.Delay(200);

        Assert.Null(quiet.Listener);
        Assert.Empty(_changes);
    }

    [Fact]
    public async Task SubscriberThatThrows_DoesNotStopTheOthers()
    {
        using var failing = await _listening.SubscribeAsync(_ => throw new InvalidOperationException("subscriber bug"));
        using var subscription = await _listening.SubscribeAsync(_changes.Enqueue);

        await _writer.TryAddSettingAsync("first", [0]);
        await _writer.TryAddSettingAsync("second", [0]);

        await ExpectAsync(
            new CredentialStorageChange(CredentialStorageChangeKind.Setting, null, "first"),
            new CredentialStorageChange(CredentialStorageChangeKind.Setting, null, "second"));
    }

    [Theory]
    [InlineData("""{"kind":"credential","org":"acme","name":"K"}""", CredentialStorageChangeKind.Credential)]
    [InlineData("""{"kind":"setting","org":null,"name":"key-check/k-1"}""", CredentialStorageChangeKind.Setting)]
    [InlineData("""{"kind":"reset"}""", CredentialStorageChangeKind.Reset)]
    [InlineData("""{"kind":"credential","org":null,"name":"K"}""", CredentialStorageChangeKind.Reset)]
    [InlineData("not json", CredentialStorageChangeKind.Reset)]
    [InlineData("", CredentialStorageChangeKind.Reset)]
    public void Parse_Payload_MapsToKindOrResetWhenUnknown(string payload, CredentialStorageChangeKind expected) =>
        Assert.Equal(expected, PostgresChangeListener.Parse(payload).Kind);

    private static CredentialStorageChange Credential(string org, string key) => new(CredentialStorageChangeKind.Credential, org, key);

    /// <summary>Waits until the next changes received are exactly <paramref name="expected"/>, in order.</summary>
    private async Task ExpectAsync(params CredentialStorageChange[] expected)
    {
        var received = new List<CredentialStorageChange>();
        Assert.True(
            await PostgresVault.EventuallyAsync(
                () =>
                {
                    while (received.Count < expected.Length && _changes.TryDequeue(out var change))
                    {
                        received.Add(change);
                    }

                    return Task.FromResult(received.Count == expected.Length);
                },
                Bound),
            $"Expected {string.Join(", ", expected.AsEnumerable())}; received {string.Join(", ", received)}.");
        Assert.Equal(expected, received);
    }
}
