namespace Credentials.Storage;

/// <summary>
/// The contract of <see cref="ICredentialStorage"/>, stated as tests. Every provider's test project inherits this class
/// and supplies <see cref="CreateStorageAsync"/>; xunit creates one instance per test, so every test starts from a
/// fresh, initialized, empty storage.
/// </summary>
/// <remarks>
/// Keys and organization ids here use characters from the Basic Multilingual Plane only: UTF-8 byte order (SQLite's
/// BINARY collation, PostgreSQL's "C") equals UTF-16 ordinal order there but not for characters beyond U+FFFF. The vault
/// only writes keys of A-Z, 0-9 and '_'.
/// </remarks>
public abstract partial class CredentialStorageConformanceTests : IAsyncLifetime
{
    /// <summary>The organization most tests write to.</summary>
    protected const string Org = "acme";

    /// <summary>Another organization: nothing of <see cref="Org"/> may be visible or changeable through it.</summary>
    protected const string OtherOrg = "globex";

    private const int Everything = 10_000;

    private ICredentialStorage? _storage;

    /// <summary>The storage under test, fresh for every test.</summary>
    protected ICredentialStorage Storage =>
        _storage ?? throw new InvalidOperationException("The storage is created in InitializeAsync; the test ran before it.");

    /// <summary>Creates a new, empty storage (the suite calls <see cref="ICredentialStorage.InitializeAsync"/> on it).</summary>
    protected abstract Task<ICredentialStorage> CreateStorageAsync();

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        _storage = await CreateStorageAsync();
        await _storage.InitializeAsync();
    }

    /// <inheritdoc/>
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Inserts a record and asserts that the insert succeeded.</summary>
    protected async Task<CredentialRecord> InsertAsync(CredentialRecord record)
    {
        Assert.Equal(StorageWriteResult.Success, await Storage.InsertAsync(record));
        return record;
    }

    /// <summary>Inserts a fresh record (see <see cref="TestRecords.New"/>) and asserts that the insert succeeded.</summary>
    protected Task<CredentialRecord> InsertAsync(string organizationId, string key, string category = "llm_provider", string type = "api_token", string keyId = "kek-1") =>
        InsertAsync(TestRecords.New(organizationId, key, category, type, keyId: keyId));

    /// <summary>Every record of an organization, ordered by key: what "nothing changed" is compared against.</summary>
    protected async Task<IReadOnlyList<CredentialRecord>> SnapshotAsync(string organizationId)
    {
        var rows = await Storage.ListAsync(organizationId, Query(limit: Everything));
        var records = new List<CredentialRecord>(rows.Count);
        foreach (var row in rows)
        {
            records.Add(await Storage.FindByIdAsync(organizationId, row.Id) ?? throw new InvalidOperationException($"Listed row {row.Id} was not found by id."));
        }

        return records;
    }

    /// <summary>The keys a listing returns, in order.</summary>
    protected async Task<string[]> ListKeysAsync(string organizationId, CredentialStorageQuery query) =>
        (await Storage.ListAsync(organizationId, query)).Select(r => r.Key).ToArray();

    /// <summary>A query with only the given parts set.</summary>
    protected static CredentialStorageQuery Query(
        string? category = null, string? type = null, string? searchText = null, string? afterKey = null, int limit = Everything) =>
        new(category, type, searchText, afterKey, limit);

    /// <summary>Runs <paramref name="count"/> calls released together, each on a thread-pool thread, and returns their results.</summary>
    protected static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await call(i);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }
}
