using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Credentials.Tests.KeyManagement;

public sealed class BackgroundRewrapTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-background-");

    [Fact]
    public async Task RewrapInBackground_AfterARotation_RewrapsEverythingAndLogsCountsOnly()
    {
        string primary;
        using (var store = KeyFileStore.Open(_directory))
        {
            await store.CreateTokensAsync(12);
            primary = (await store.Keys.RotateAsync()).Id;
        }

        var logs = new ListLoggerProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory.Path });
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddCredentials()
            .UseSqlite("Data Source=" + _directory.File("store.db"))
            .UseKeyFile(_directory.File("credentials.key"))
            .RewrapInBackground(o => o.BatchSize = 5);
        using var host = builder.Build();
        await host.StartAsync();
        var keys = host.Services.GetRequiredService<ICredentialKeyManager>();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await keys.ListKeysAsync()).Single(k => k.Id == primary).WrappedCount < 12 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await host.StopAsync();
        Assert.Equal(12, (await keys.ListKeysAsync()).Single(k => k.Id == primary).WrappedCount);
        Assert.Contains(logs.Entries, e => e.Message.Contains("12 rewrapped", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("Rewrap progress: 5 of 12", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("sk-key-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostStart_BadRewrapOptions_FailsNamingTheSetting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory.Path });
        builder.Services.AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).RewrapInBackground(o => o.BatchSize = 0);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("BatchSize", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
