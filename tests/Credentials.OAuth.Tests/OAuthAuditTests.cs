using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Credentials.OAuth.Tests;

/// <summary>The OAuth events in the audit trail and the metrics: connected, refresh failed (needs reconnect), refreshes by outcome.</summary>
[Collection(OidcCollection.Name)]
public sealed class OAuthAuditTests(OidcServer server)
{
    [SkippableFact]
    public async Task ConnectRefreshRevokeReconnect_AuditsConnectedAndRefreshFailed_CountsRefreshes_AndTheCardSaysNeedsReconnect()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();
        var metrics = host.Get<CredentialsMetrics>();
        var refreshes = new ConcurrentQueue<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "credentials.oauth.refreshes")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => refreshes.Enqueue(tags.ToArray().FirstOrDefault(t => t.Key == "outcome").Value as string));
        listener.Start();
        var (clientId, clientSecret) = await server.RegisterClientAsync();
        var created = await host.CreateClientAsync(server, clientId, clientSecret, "GITHUB_OAUTH");
        await host.ConnectAsync(server, created.Id);
        var first = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH");
        await host.ExpireAsync(created.Id);
        await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH");
        var current = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH");
        await server.RevokeAsync(clientId, clientSecret, current.RefreshToken!);
        await host.ExpireAsync(created.Id);
        await Assert.ThrowsAsync<CredentialReconnectRequiredException>(() => host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "GITHUB_OAUTH"));

        Assert.Equal(CredentialState.NeedsReconnect, (await host.Store.GetAsync(OAuthHost.Org, created.Id))!.State);
        await host.ConnectAsync(server, created.Id);
        Assert.Equal(CredentialState.Active, (await host.Store.GetAsync(OAuthHost.Org, created.Id))!.State);

        var audit = host.Get<ICredentialAudit>();
        var trail = (await audit.ListAsync(OAuthHost.Org)).Items;
        // ExpireAsync edits the stored token's expiry through the store (an update); refreshes themselves are not audited.
        var actions = trail.Select(r => r.Action).Where(a => a != AuditAction.Updated).ToArray();
        Assert.Equal([AuditAction.Created, AuditAction.Connected, AuditAction.RefreshFailed, AuditAction.Connected], actions);
        var failed = trail.Single(r => r.Action == AuditAction.RefreshFailed);
        Assert.Equal("invalid_grant", failed.Details["error"]);
        Assert.Equal("true", failed.Details["needs_reconnect"]);
        Assert.Equal(created.Id, failed.CredentialId);
        Assert.True(failed.Actor.IsSystem);
        Assert.Null(await audit.VerifyAsync(OAuthHost.Org));
        var secrets = new[] { clientSecret, first.AccessToken!, first.RefreshToken!, current.AccessToken!, current.RefreshToken! };
        Assert.DoesNotContain(trail, r => r.Details.Values.Any(v => secrets.Any(s => v.Contains(s, StringComparison.Ordinal))));
        Assert.Equal(["success", "invalid_grant"], refreshes);
    }
}
