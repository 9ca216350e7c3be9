using System.Collections.Concurrent;
using System.Security.Cryptography;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.Tests.Operations;

public sealed class ExpiryTests
{
    private static readonly OrganizationId Acme = TestVault.Acme;
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task ExpiresAt_IsSetOnCreate_ChangedAndClearedOnUpdate_AndDrivesTheCardState()
    {
        using var vault = TestVault.Create(time: _time);
        var created = await vault.Store.CreateAsync(Acme, TestVault.Token() with { ExpiresAt = Start.AddDays(30).AddTicks(7) });
        Assert.Equal(Start.AddDays(30), created.ExpiresAt);
        Assert.Equal(CredentialState.Active, created.State);

        _time.Advance(TimeSpan.FromDays(20));
        Assert.Equal(CredentialState.Expiring, (await vault.Store.GetAsync(Acme, created.Id))!.State);
        Assert.Equal(CredentialState.Expiring, (await vault.Store.ListAsync(Acme)).Items.Single().State);

        _time.Advance(TimeSpan.FromDays(11));
        Assert.Equal(CredentialState.Expired, (await vault.Store.GetAsync(Acme, created.Id))!.State);

        var extended = await vault.Store.UpdateAsync(Acme, created.Id, new CredentialUpdate { ExpiresAt = Start.AddDays(365) });
        Assert.Equal(CredentialState.Active, extended.State);
        var cleared = await vault.Store.UpdateAsync(Acme, created.Id, new CredentialUpdate { ClearExpiresAt = true });
        Assert.Null(cleared.ExpiresAt);
        Assert.Null((await vault.Store.GetAsync(Acme, created.Id))!.ExpiresAt);
    }

    [Fact]
    public async Task ExpiresAt_Invalid_IsAValidationError()
    {
        using var vault = TestVault.Create(time: _time);
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            vault.Store.CreateAsync(Acme, TestVault.Token() with { ExpiresAt = DateTimeOffset.MinValue }));
        Assert.Equal("expires_at", Assert.Single(ex.Errors).Field);

        var view = await vault.Store.CreateAsync(Acme, TestVault.Token());
        var both = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            vault.Store.UpdateAsync(Acme, view.Id, new CredentialUpdate { ExpiresAt = Start, ClearExpiresAt = true }));
        Assert.Equal("expires_at", Assert.Single(both.Errors).Field);
    }

    [Fact]
    public async Task NeedsReconnect_IsTheCardStateOfAMarkedOAuthCredential_UntilItChanges()
    {
        using var vault = TestVault.Create(time: _time);
        var view = await vault.Store.CreateAsync(Acme, new NewCredential("GitHub", "GITHUB_OAUTH", CredentialCategory.McpService,
            new OAuth2("client-id", "client-secret") { TokenEndpoint = "https://github.example/token" }));
        await vault.Storage.SetOAuthConnectionAsync(new OAuthConnectionRecord(Acme.Value, view.Id.Value, "needs_reconnect", view.Version, Start));

        Assert.Equal(CredentialState.NeedsReconnect, (await vault.Store.GetAsync(Acme, view.Id))!.State);
        Assert.Equal(CredentialState.NeedsReconnect, (await vault.Store.ListAsync(Acme)).Items.Single().State);

        await vault.Store.UpdateAsync(Acme, view.Id, new CredentialUpdate { Name = "GitHub (reconnected)" });
        Assert.Equal(CredentialState.Active, (await vault.Store.GetAsync(Acme, view.Id))!.State);
    }

    [Fact]
    public async Task ExpiryScan_RaisesEachEventOnce_NeverWithAValue()
    {
        var events = new RecordingEvents();
        using var vault = TestVault.Create(b => b.ScanExpiryInBackground(o => o.Window = TimeSpan.FromDays(7)).Services.AddSingleton<ICredentialEvents>(events), time: _time);
        var soon = await vault.Store.CreateAsync(Acme, TestVault.Token("SOON_KEY", "sk-expiry-secret-1") with { ExpiresAt = Start.AddDays(3) });
        var past = await vault.Store.CreateAsync(TestVault.Globex, TestVault.Token("PAST_KEY", "sk-expiry-secret-2") with { ExpiresAt = Start.AddDays(1) });
        await vault.Store.CreateAsync(Acme, TestVault.Token("LATER_KEY") with { ExpiresAt = Start.AddDays(60) });
        await vault.Store.CreateAsync(Acme, TestVault.Token("NEVER_KEY"));
        var oauth = await vault.Store.CreateAsync(Acme, new NewCredential("GitHub", "GITHUB_OAUTH", CredentialCategory.McpService, new OAuth2("client-id", "client-secret")));
        await vault.Storage.SetOAuthConnectionAsync(new OAuthConnectionRecord(Acme.Value, oauth.Id.Value, "needs_reconnect", oauth.Version, Start));
        _time.Advance(TimeSpan.FromDays(2));
        var scanner = vault.Provider.GetRequiredService<ExpiryScanner>();

        var raised = await scanner.ScanAsync(CancellationToken.None);
        var again = await scanner.ScanAsync(CancellationToken.None);

        Assert.Equal(
            [(CredentialEventKind.Expired, past.Id), (CredentialEventKind.Expiring, soon.Id), (CredentialEventKind.NeedsReconnect, oauth.Id)],
            raised.Select(e => (e.Kind, e.CredentialId)));
        Assert.Empty(again);
        Assert.Equal(3, events.Received.Count);
        Assert.Equal(TestVault.Globex, events.Received.Single(e => e.Kind == CredentialEventKind.Expired).Organization);
        Assert.Equal(Start.AddDays(3), events.Received.Single(e => e.Kind == CredentialEventKind.Expiring).ExpiresAt);
        Assert.DoesNotContain(events.Received, e => e.ToString().Contains("sk-expiry-secret", StringComparison.Ordinal) || e.ToString().Contains("client-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExpiryScan_InAHost_RunsAtStartUp_AndAThrowingHandlerDoesNotStopTheOthers()
    {
        var events = new RecordingEvents();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddCredentials().UseInMemoryStorage().UseMasterKey(RandomNumberGenerator.GetBytes(32))
            .ScanExpiryInBackground(o => o.Interval = TimeSpan.FromHours(1))
            .AddCredentialEvents<ThrowingEvents>();
        builder.Services.AddSingleton<ICredentialEvents>(events);
        using var host = builder.Build();
        await host.Services.GetRequiredService<ICredentialStore>().CreateAsync(Acme, TestVault.Token() with { ExpiresAt = Start.AddDays(1) });

        await host.StartAsync();
        for (var i = 0; i < 200 && events.Received.IsEmpty; i++)
        {
            await Task.Delay(25);
        }

        await host.StopAsync();
        Assert.Equal(CredentialEventKind.Expiring, Assert.Single(events.Received).Kind);
    }

    private sealed class RecordingEvents : ICredentialEvents
    {
        public ConcurrentQueue<CredentialEvent> Received { get; } = new();

        public Task OnEventAsync(CredentialEvent credentialEvent, CancellationToken cancellationToken)
        {
            Received.Enqueue(credentialEvent);
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingEvents : ICredentialEvents
    {
        public Task OnEventAsync(CredentialEvent credentialEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a host's handler failed");
    }
}
