using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.KeyManagement;

public sealed class RewrapConcurrencyTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-rewrap-concurrency-");

    [Fact]
    public async Task Rewrap_WhileUsersUpdateSecrets_NeverLosesAnUpdate()
    {
        using var store = KeyFileStore.Open(_directory, b => b.Services.Configure<RewrapOptions>(o => o.BatchSize = 5));
        var views = await store.CreateTokensAsync(60);
        var primary = await store.Keys.RotateAsync();
        var expected = new string[views.Count];
        for (var i = 0; i < views.Count; i++)
        {
            expected[i] = KeyFileStore.TokenFor("KEY", i);
        }

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var round = 0;
            while (!stop.IsCancellationRequested)
            {
                round++;
                for (var i = round % 3; i < views.Count; i += 3)
                {
                    var token = $"sk-updated-{round}-{i:D4}-secret";
                    await store.Store.UpdateAsync(KeyFileStore.OrgOf(i), views[i].Id, new CredentialUpdate { Secret = new ApiToken(token) });
                    expected[i] = token;
                }
            }
        });

        RewrapResult result;
        try
        {
            // A few rewraps race the writer; each must leave every credential readable with its latest value.
            for (var pass = 0; pass < 3; pass++)
            {
                await store.Keys.RewrapAsync();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }

        result = await store.Keys.RewrapAsync();
        Assert.Equal(0, result.Remaining);
        Assert.Equal(0, result.Failed);
        for (var i = 0; i < views.Count; i++)
        {
            Assert.Equal(expected[i], (await store.Resolver.ResolveAsync<ApiToken>(KeyFileStore.OrgOf(i), $"KEY_{i}")).Token);
        }

        Assert.Equal(views.Count, (await store.Keys.ListKeysAsync()).Single(k => k.Id == primary.Id).WrappedCount);
    }

    public void Dispose() => _directory.Dispose();
}
