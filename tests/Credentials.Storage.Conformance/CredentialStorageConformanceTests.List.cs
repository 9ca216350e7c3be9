using FsCheck;
using FsCheck.Fluent;

namespace Credentials.Storage;

public abstract partial class CredentialStorageConformanceTests
{
    // Ordinal (UTF-16 code unit) order: digits < upper case < '_' < lower case < Latin-1 < Cyrillic.
    private static readonly string[] OrdinalKeys = ["0_KEY", "A", "AB", "A_", "B", "Z9", "_X", "a", "\u00e9", "\u0436"];

    [Fact]
    public async Task ListAsync_EmptyStorage_ReturnsEmpty()
    {
        Assert.Empty(await Storage.ListAsync(Org, Query()));
    }

    [Fact]
    public async Task ListAsync_KeysInsertedOutOfOrder_ReturnsThemInOrdinalOrder()
    {
        string[] insertionOrder = ["a", "Z9", "\u0436", "0_KEY", "A_", "B", "\u00e9", "AB", "_X", "A"];
        foreach (var key in insertionOrder)
        {
            await InsertAsync(Org, key);
        }

        Assert.Equal(OrdinalKeys, await ListKeysAsync(Org, Query()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(11)]
    public async Task ListAsync_Limit_ReturnsAtMostThatManyFirstRows(int limit)
    {
        foreach (var key in OrdinalKeys)
        {
            await InsertAsync(Org, key);
        }

        Assert.Equal(OrdinalKeys.Take(limit), await ListKeysAsync(Org, Query(limit: limit)));
    }

    [Theory]
    [InlineData("A", new[] { "AB", "A_", "B", "Z9", "_X", "a", "\u00e9", "\u0436" })]
    [InlineData("AA", new[] { "AB", "A_", "B", "Z9", "_X", "a", "\u00e9", "\u0436" })]
    [InlineData("", new[] { "0_KEY", "A", "AB", "A_", "B", "Z9", "_X", "a", "\u00e9", "\u0436" })]
    [InlineData("Z", new[] { "Z9", "_X", "a", "\u00e9", "\u0436" })]
    [InlineData("\u0436", new string[0])]
    public async Task ListAsync_AfterKey_ReturnsOnlyKeysSortingAfterIt(string afterKey, string[] expected)
    {
        foreach (var key in OrdinalKeys)
        {
            await InsertAsync(Org, key);
        }

        Assert.Equal(expected, await ListKeysAsync(Org, Query(afterKey: afterKey)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(25)]
    public async Task ListAsync_KeysetPaging_WalksEveryRowExactlyOnceInOrder(int pageSize)
    {
        var keys = Enumerable.Range(0, 25).Select(i => $"KEY_{i * 7 % 25:D2}").ToArray();
        foreach (var key in keys)
        {
            await InsertAsync(Org, key);
            await InsertAsync(OtherOrg, key + "_OTHER");
        }

        var seen = new List<string>();
        string? after = null;
        for (var pages = 0; pages <= keys.Length; pages++)
        {
            var page = await ListKeysAsync(Org, Query(afterKey: after, limit: pageSize));
            Assert.True(page.Length <= pageSize);
            seen.AddRange(page);
            if (page.Length < pageSize)
            {
                break;
            }

            after = page[^1];
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task ListAsync_CategoryFilter_ReturnsOnlyThatCategory()
    {
        await InsertAsync(Org, "A_KEY", category: "runtime");
        await InsertAsync(Org, "B_KEY", category: "llm_provider");
        await InsertAsync(Org, "C_KEY", category: "runtime");

        Assert.Equal(["A_KEY", "C_KEY"], await ListKeysAsync(Org, Query(category: "runtime")));
        Assert.Empty(await ListKeysAsync(Org, Query(category: "RUNTIME")));
    }

    [Fact]
    public async Task ListAsync_TypeFilter_ReturnsOnlyThatType()
    {
        await InsertAsync(Org, "A_KEY", type: "smtp");
        await InsertAsync(Org, "B_KEY", type: "api_token");
        await InsertAsync(Org, "C_KEY", type: "smtp");

        Assert.Equal(["B_KEY"], await ListKeysAsync(Org, Query(type: "api_token")));
        Assert.Empty(await ListKeysAsync(Org, Query(type: "api")));
    }

    [Theory]
    [InlineData("OPENAI", new[] { "A_KEY", "B_KEY" })]
    [InlineData("AI PR", new[] { "A_KEY" })]
    [InlineData("\n", new[] { "A_KEY", "B_KEY", "C_KEY", "D_KEY" })]
    [InlineData("PROD\nC_", new[] { "C_KEY" })]
    [InlineData("openai", new string[0])]
    [InlineData("%", new[] { "D_KEY" })]
    [InlineData("_", new[] { "A_KEY", "B_KEY", "C_KEY", "D_KEY" })]
    [InlineData("1_0", new string[0])]
    [InlineData("100%", new[] { "D_KEY" })]
    [InlineData("CAF\u00c9", new[] { "C_KEY" })]
    [InlineData("CAFE", new string[0])]
    [InlineData("caf\u00e9", new string[0])]
    public async Task ListAsync_SearchText_MatchesOrdinalSubstring(string searchText, string[] expected)
    {
        await InsertAsync(TestRecords.New(Org, "A_KEY", searchText: "OPENAI PROD\nA_KEY"));
        await InsertAsync(TestRecords.New(Org, "B_KEY", searchText: "OPENAI STAGING\nB_KEY"));
        await InsertAsync(TestRecords.New(Org, "C_KEY", searchText: "CAF\u00c9 PROD\nC_KEY"));
        await InsertAsync(TestRecords.New(Org, "D_KEY", searchText: "100% MAIL\nD_KEY"));

        Assert.Equal(expected, await ListKeysAsync(Org, Query(searchText: searchText)));
    }

    [Fact]
    public async Task ListAsync_AllFiltersTogether_ReturnsRowsMatchingEveryFilter()
    {
        await InsertAsync(TestRecords.New(Org, "A_MATCH", "runtime", "smtp", searchText: "MAIL\nA_MATCH"));
        await InsertAsync(TestRecords.New(Org, "B_MATCH", "runtime", "smtp", searchText: "MAIL\nB_MATCH"));
        await InsertAsync(TestRecords.New(Org, "C_OTHER_CATEGORY", "custom", "smtp", searchText: "MAIL\nC"));
        await InsertAsync(TestRecords.New(Org, "D_OTHER_TYPE", "runtime", "api_token", searchText: "MAIL\nD"));
        await InsertAsync(TestRecords.New(Org, "E_OTHER_TEXT", "runtime", "smtp", searchText: "POST\nE"));
        await InsertAsync(TestRecords.New(Org, "F_MATCH", "runtime", "smtp", searchText: "MAIL\nF_MATCH"));
        await InsertAsync(TestRecords.New(Org, "G_MATCH", "runtime", "smtp", searchText: "MAIL\nG_MATCH"));
        await InsertAsync(TestRecords.New(OtherOrg, "C_MATCH", "runtime", "smtp", searchText: "MAIL\nC_MATCH"));

        var query = Query(category: "runtime", type: "smtp", searchText: "MAIL", afterKey: "A_MATCH", limit: 2);

        Assert.Equal(["B_MATCH", "F_MATCH"], await ListKeysAsync(Org, query));
        Assert.Equal(["G_MATCH"], await ListKeysAsync(Org, query with { AfterKey = "F_MATCH" }));
    }

    /// <summary>
    /// Any rows and any query: the listing equals the model (filter, ordinal order after the keyset position, limit).
    /// Each case writes to an organization of its own, so earlier cases are other organizations' rows.
    /// </summary>
    /// <remarks>
    /// A [Fact] that runs the property, not FsCheck.Xunit's [Property]: that one starts IAsyncLifetime.InitializeAsync
    /// without awaiting it and never calls DisposeAsync (fscheck/FsCheck#657, #703), so the storage of an asynchronous
    /// provider could be used before it exists and a temporary database would be left behind. On the thread pool, so
    /// that FsCheck's blocking wait on each case cannot hold a thread the case's continuations need.
    /// </remarks>
    [Fact]
    public Task ListAsync_AnyRowsAndQuery_EqualsOrdinalModel() =>
        Task.Run(() => Prop.ForAll(StorageArbitraries.Scenarios(), ListEqualsModelAsync).Check(Config.QuickThrowOnFailure.WithMaxTest(100)));

    private async Task ListEqualsModelAsync(ListScenario scenario)
    {
        var org = "prop-" + Guid.NewGuid().ToString("N");
        var inserted = new List<CredentialRecord>();
        foreach (var row in scenario.Rows)
        {
            inserted.Add(await InsertAsync(TestRecords.New(org, row.Key, row.Category, row.Type, searchText: row.SearchText)));
        }

        var q = scenario.Query;
        var expected = inserted
            .Select(r => r.Metadata)
            .Where(m => q.Category is null || m.Category == q.Category)
            .Where(m => q.Type is null || m.Type == q.Type)
            .Where(m => string.IsNullOrEmpty(q.SearchText) || m.SearchText.Contains(q.SearchText, StringComparison.Ordinal))
            .Where(m => q.AfterKey is null || string.CompareOrdinal(m.Key, q.AfterKey) > 0)
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Take(q.Limit)
            .ToArray();

        var actual = await Storage.ListAsync(org, q);

        Assert.Equal(expected.Select(m => m.Key), actual.Select(m => m.Key));
        Assert.Equal(expected, actual);
    }
}
