namespace Credentials.Storage;

/// <summary>OAuth 2.0 flows (taken once), refresh leases (compare-and-swap with expiry) and connection states.</summary>
public abstract partial class CredentialStorageConformanceTests
{
    private static readonly DateTimeOffset FlowNow = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static OAuthFlowRecord Flow(string hash, string org = Org, string? user = "alice", Guid? credential = null, DateTimeOffset? expiresAt = null) =>
        new(hash, org, user, credential ?? Guid.NewGuid(), FlowNow, expiresAt ?? FlowNow.AddMinutes(10), "kek-1", TestRecords.SealedBytes(48));

    [Fact]
    public async Task TakeOAuthFlowAsync_Added_ReturnsItOnceWithEveryField()
    {
        var flow = Flow("hash-1");
        Assert.True(await Storage.TryAddOAuthFlowAsync(flow));

        var taken = await Storage.TakeOAuthFlowAsync("hash-1", FlowNow.AddMinutes(1));

        Assert.NotNull(taken);
        Assert.Equal(flow with { SealedData = [] }, taken with { SealedData = [] });
        Assert.Equal(flow.SealedData, taken.SealedData);
        Assert.Null(await Storage.TakeOAuthFlowAsync("hash-1", FlowNow.AddMinutes(1)));
    }

    [Fact]
    public async Task TakeOAuthFlowAsync_NoUser_RoundTripsNull()
    {
        Assert.True(await Storage.TryAddOAuthFlowAsync(Flow("hash-org", user: null)));

        var taken = await Storage.TakeOAuthFlowAsync("hash-org", FlowNow);

        Assert.NotNull(taken);
        Assert.Null(taken.UserId);
    }

    [Fact]
    public async Task TryAddOAuthFlowAsync_HashTaken_ReturnsFalseAndKeepsFirst()
    {
        var first = Flow("hash-dup");
        Assert.True(await Storage.TryAddOAuthFlowAsync(first));

        Assert.False(await Storage.TryAddOAuthFlowAsync(Flow("hash-dup", org: OtherOrg)));

        var taken = await Storage.TakeOAuthFlowAsync("hash-dup", FlowNow);
        Assert.Equal(Org, taken!.OrganizationId);
        Assert.Equal(first.CredentialId, taken.CredentialId);
    }

    [Fact]
    public async Task TakeOAuthFlowAsync_Unknown_ReturnsNull()
    {
        Assert.True(await Storage.TryAddOAuthFlowAsync(Flow("hash-a")));

        Assert.Null(await Storage.TakeOAuthFlowAsync("hash-b", FlowNow));
        Assert.Null(await Storage.TakeOAuthFlowAsync("HASH-A", FlowNow));
    }

    [Fact]
    public async Task TakeOAuthFlowAsync_Expired_ReturnsNullAndRemovesIt()
    {
        Assert.True(await Storage.TryAddOAuthFlowAsync(Flow("hash-old", expiresAt: FlowNow.AddMinutes(10))));

        Assert.Null(await Storage.TakeOAuthFlowAsync("hash-old", FlowNow.AddMinutes(10)));
        Assert.Null(await Storage.TakeOAuthFlowAsync("hash-old", FlowNow));
    }

    [Fact]
    public async Task TakeOAuthFlowAsync_Concurrent_ExactlyOneCallerGetsIt()
    {
        Assert.True(await Storage.TryAddOAuthFlowAsync(Flow("hash-race")));

        var takes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Storage.TakeOAuthFlowAsync("hash-race", FlowNow))));

        Assert.Single(takes, t => t is not null);
    }

    [Fact]
    public async Task PurgeExpiredOAuthFlowsAsync_RemovesOnlyExpired()
    {
        Assert.True(await Storage.TryAddOAuthFlowAsync(Flow("hash-expired", expiresAt: FlowNow)));
        Assert.True(await Storage.TryAddOAuthFlowAsync(Flow("hash-live", expiresAt: FlowNow.AddSeconds(1))));

        Assert.Equal(1, await Storage.PurgeExpiredOAuthFlowsAsync(FlowNow));

        Assert.NotNull(await Storage.TakeOAuthFlowAsync("hash-live", FlowNow));
        Assert.Null(await Storage.TakeOAuthFlowAsync("hash-expired", FlowNow.AddDays(-1)));
    }

    [Fact]
    public async Task TryAcquireOAuthLeaseAsync_Free_Succeeds_HeldByAnother_Fails()
    {
        var id = Guid.NewGuid();

        Assert.True(await Storage.TryAcquireOAuthLeaseAsync(Org, id, "a", FlowNow, FlowNow.AddSeconds(30)));
        Assert.False(await Storage.TryAcquireOAuthLeaseAsync(Org, id, "b", FlowNow.AddSeconds(29), FlowNow.AddSeconds(59)));
        Assert.True(await Storage.TryAcquireOAuthLeaseAsync(Org, id, "a", FlowNow.AddSeconds(10), FlowNow.AddSeconds(40)));
    }

    [Fact]
    public async Task TryAcquireOAuthLeaseAsync_Lapsed_AnotherHolderTakesIt_FirstCannotRelease()
    {
        var id = Guid.NewGuid();
        Assert.True(await Storage.TryAcquireOAuthLeaseAsync(Org, id, "crashed", FlowNow, FlowNow.AddSeconds(30)));

        Assert.True(await Storage.TryAcquireOAuthLeaseAsync(Org, id, "next", FlowNow.AddSeconds(30), FlowNow.AddSeconds(60)));

        Assert.False(await Storage.ReleaseOAuthLeaseAsync(Org, id, "crashed"));
        Assert.False(await Storage.TryAcquireOAuthLeaseAsync(Org, id, "third", FlowNow.AddSeconds(31), FlowNow.AddSeconds(61)));
        Assert.True(await Storage.ReleaseOAuthLeaseAsync(Org, id, "next"));
        Assert.True(await Storage.TryAcquireOAuthLeaseAsync(Org, id, "third", FlowNow.AddSeconds(31), FlowNow.AddSeconds(61)));
    }

    [Fact]
    public async Task TryAcquireOAuthLeaseAsync_ScopedByOrganizationAndCredential()
    {
        var id = Guid.NewGuid();
        Assert.True(await Storage.TryAcquireOAuthLeaseAsync(Org, id, "a", FlowNow, FlowNow.AddSeconds(30)));

        Assert.True(await Storage.TryAcquireOAuthLeaseAsync(OtherOrg, id, "b", FlowNow, FlowNow.AddSeconds(30)));
        Assert.True(await Storage.TryAcquireOAuthLeaseAsync(Org, Guid.NewGuid(), "c", FlowNow, FlowNow.AddSeconds(30)));
        Assert.False(await Storage.ReleaseOAuthLeaseAsync(OtherOrg, id, "a"));
    }

    [Fact]
    public async Task TryAcquireOAuthLeaseAsync_Concurrent_ExactlyOneHolderWins()
    {
        var id = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => Storage.TryAcquireOAuthLeaseAsync(Org, id, "holder-" + i, FlowNow, FlowNow.AddSeconds(30)))));

        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task OAuthConnection_SetGetReplaceDelete()
    {
        var id = Guid.NewGuid();
        Assert.Null(await Storage.GetOAuthConnectionAsync(Org, id));

        var first = new OAuthConnectionRecord(Org, id, "needs_reconnect", 3, FlowNow);
        await Storage.SetOAuthConnectionAsync(first);
        Assert.Equal(first, await Storage.GetOAuthConnectionAsync(Org, id));
        Assert.Null(await Storage.GetOAuthConnectionAsync(OtherOrg, id));

        var second = first with { CredentialVersion = 4, UpdatedAt = FlowNow.AddMinutes(1) };
        await Storage.SetOAuthConnectionAsync(second);
        Assert.Equal(second, await Storage.GetOAuthConnectionAsync(Org, id));

        Assert.False(await Storage.DeleteOAuthConnectionAsync(OtherOrg, id));
        Assert.True(await Storage.DeleteOAuthConnectionAsync(Org, id));
        Assert.Null(await Storage.GetOAuthConnectionAsync(Org, id));
        Assert.False(await Storage.DeleteOAuthConnectionAsync(Org, id));
    }
}
