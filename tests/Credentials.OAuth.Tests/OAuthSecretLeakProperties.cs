using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.OAuth.Tests;

/// <summary>
/// No access token, refresh token, code, verifier or client secret ever shows in a log line, an exception message, a view,
/// a status, an audit record or an OAuth record's ToString: generated values through every path (connect, refused callback, failed refresh),
/// and the real values of a real connection.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class OAuthSecretLeakProperties(OidcServer server)
{
    public static Arbitrary<string> SecretText() =>
        Gen.Elements("ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789-_".ToCharArray())
            .ArrayOf()
            .Where(a => a.Length >= 24)
            .Select(a => new string(a, 0, Math.Min(a.Length, 64)))
            .ToArbitrary();

    [Property(MaxTest = 15, Arbitrary = [typeof(OAuthSecretLeakProperties)])]
    public void NoGeneratedSecretAppearsAnywhere(string clientSecret, string accessToken, string refreshToken, string code)
    {
        if (server.StartError is not null)
        {
            Assert.False(OidcServer.IsCi, "The test authorization server did not start and CI=true: " + server.StartError);
            return;
        }

        RunAsync(clientSecret, accessToken, refreshToken, code).GetAwaiter().GetResult();
    }

    private async Task RunAsync(string clientSecret, string accessToken, string refreshToken, string code)
    {
        await using var host = new OAuthHost(oauth: o => o.MaxRetryAttempts = 0);
        var (clientId, _) = await server.RegisterClientAsync();
        var seen = new List<string>();
        var view = await host.Store.CreateAsync(OAuthHost.Org, new NewCredential("Leak", "LEAK_OAUTH", CredentialCategory.Runtime, new OAuth2(clientId, clientSecret, accessToken, refreshToken)
        {
            Issuer = server.Issuer,
            AuthorizationEndpoint = server.AuthorizationEndpoint,
            TokenEndpoint = server.TokenEndpoint,
            Scopes = "openid offline_access",
        }));
        seen.Add(view.ToString());
        seen.Add((await host.Connections.GetStatusAsync(OAuthHost.Org, view.Id)).ToString());

        // A callback with a code the server never issued (invalid_client: the secret is not the client's), an error callback.
        var authorization = await host.Connections.BeginAsync(OAuthHost.Org, view.Id);
        var state = System.Web.HttpUtility.ParseQueryString(authorization.AuthorizationUrl.Query)["state"]!;
        seen.Add(authorization.ToString());
        seen.Add(new OAuthCallback(state, code).ToString());
        seen.Add((await Assert.ThrowsAsync<CredentialValidationException>(() => host.Connections.CompleteAsync(new OAuthCallback(state, code)))).ToString());
        var second = await host.Connections.BeginAsync(OAuthHost.Org, view.Id);
        var secondState = System.Web.HttpUtility.ParseQueryString(second.AuthorizationUrl.Query)["state"]!;
        seen.Add((await Assert.ThrowsAsync<CredentialValidationException>(() => host.Connections.CompleteAsync(new OAuthCallback(secondState, null, "access_denied", code)))).ToString());

        // A refresh the server refuses (unknown client secret and refresh token).
        await host.ExpireAsync(view.Id);
        seen.Add((await Assert.ThrowsAnyAsync<CredentialException>(() => host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "LEAK_OAUTH"))).ToString());
        seen.Add((await host.Connections.GetStatusAsync(OAuthHost.Org, view.Id)).ToString());
        seen.Add((await host.Store.GetAsync(OAuthHost.Org, view.Id))!.ToString());
        seen.Add(await host.Resolver.TryResolveAsync(OAuthHost.Org, "LEAK_OAUTH").ContinueWith(t => t.Exception?.ToString() ?? t.Result?.ToString() ?? string.Empty));
        seen.AddRange(host.Logs.Entries.Select(e => e.Message));
        seen.AddRange(await AuditTextsAsync(host));

        foreach (var text in seen)
        {
            foreach (var secret in new[] { clientSecret, accessToken, refreshToken, code })
            {
                Assert.DoesNotContain(secret, text ?? string.Empty, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Every audit record of the organization as text: its ToString and each detail (the trail is never empty here).</summary>
    private static async Task<IEnumerable<string>> AuditTextsAsync(OAuthHost host)
    {
        var records = (await host.Get<ICredentialAudit>().ListAsync(OAuthHost.Org)).Items;
        Assert.NotEmpty(records);
        return records.Select(r => r + " " + r.CredentialKey + " " + string.Join(" ", r.Details.Select(d => d.Key + "=" + d.Value)));
    }

    [SkippableFact]
    public async Task RealConnection_NoTokenCodeVerifierOrSecretInLogsViewsStatusOrErrors()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();
        var (clientId, clientSecret) = await server.RegisterClientAsync();
        var view = await host.CreateClientAsync(server, clientId, clientSecret, "REAL_LEAK");
        var authorization = await host.Connections.BeginAsync(OAuthHost.Org, view.Id);
        var state = System.Web.HttpUtility.ParseQueryString(authorization.AuthorizationUrl.Query)["state"]!;
        var flow = await host.Storage.TakeOAuthFlowAsync(OAuthVault.HashState(state), DateTimeOffset.UtcNow);
        var verifier = await host.Vault.OpenVerifierAsync(flow!, CancellationToken.None);
        Assert.True(await host.Storage.TryAddOAuthFlowAsync(flow!));
        var callback = await server.AuthorizeAsync(authorization.AuthorizationUrl);
        var connected = await host.Connections.CompleteAsync(callback);
        var first = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "REAL_LEAK");
        await host.ExpireAsync(view.Id);
        var second = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "REAL_LEAK");
        await server.RevokeAsync(clientId, clientSecret, second.RefreshToken!);
        await host.ExpireAsync(view.Id);
        var reconnect = await Assert.ThrowsAsync<CredentialReconnectRequiredException>(() => host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "REAL_LEAK"));
        var replay = await Assert.ThrowsAsync<CredentialValidationException>(() => host.Connections.CompleteAsync(callback));

        var texts = host.Logs.Entries.Select(e => e.Message).Concat(
        [
            connected.ToString(), reconnect.ToString(), replay.ToString(), first.ToString(), second.ToString(), callback.ToString(),
            (await host.Connections.GetStatusAsync(OAuthHost.Org, view.Id)).ToString(),
            (await host.Store.GetForEditAsync(OAuthHost.Org, view.Id)).Fields.Where(f => f.IsSecret).Select(f => f.Value ?? "").Aggregate("", string.Concat),
        ]).Concat(await AuditTextsAsync(host)).ToList();
        Assert.NotEmpty(host.Logs.Entries);
        foreach (var secret in new[] { clientSecret, first.AccessToken!, first.RefreshToken!, second.AccessToken!, second.RefreshToken!, callback.Code!, verifier, state })
        {
            Assert.All(texts, text => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }
    }
}
