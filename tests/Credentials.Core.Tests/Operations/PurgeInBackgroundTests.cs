using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.Tests.Operations;

public sealed class PurgeInBackgroundTests
{
    [Fact]
    public async Task PurgeInBackground_PurgesPastTheRetention_WithALogLinePerRun_AndAuditsEachPurge()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        var logs = new ListLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddCredentials(o => o.DeletedRetention = TimeSpan.FromDays(1))
            .UseInMemoryStorage().UseMasterKey(RandomNumberGenerator.GetBytes(32))
            .PurgeInBackground(o => o.Interval = TimeSpan.FromHours(1));
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<ICredentialStore>();
        var view = await store.CreateAsync(TestVault.Acme, TestVault.Token());
        await store.DeleteAsync(TestVault.Acme, view.Id);
        time.Advance(TimeSpan.FromDays(2));

        await host.StartAsync();
        for (var i = 0; i < 200 && !logs.Entries.Any(e => e.Message.StartsWith("Purged 1 ", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(25);
        }

        // The loop arms its next wait on the fake clock just after it logs, so one Advance right after the log line can come
        // before the wait exists and move nothing (seen in CI). Advance an interval at a time until the next run shows.
        for (var i = 0; i < 200 && !logs.Entries.Any(e => e.Message.StartsWith("Purged 0 ", StringComparison.Ordinal)); i++)
        {
            time.Advance(TimeSpan.FromHours(1));
            await Task.Delay(25);
        }

        await host.StopAsync();
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Purged 1 deleted credential(s)", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.StartsWith("Purged 0 deleted credential(s)", StringComparison.Ordinal));
        Assert.Empty(await host.Services.GetRequiredService<IDeletedCredentials>().ListAsync(TestVault.Acme));
        var purged = (await host.Services.GetRequiredService<ICredentialAudit>().ListAsync(TestVault.Acme, new AuditQuery { Action = AuditAction.Purged })).Items;
        var record = Assert.Single(purged);
        Assert.Equal(view.Id, record.CredentialId);
        Assert.True(record.Actor.IsSystem);
        Assert.Equal("retention", record.Details["reason"]);
    }
}
