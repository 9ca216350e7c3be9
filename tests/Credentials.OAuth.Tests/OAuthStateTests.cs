using Microsoft.Extensions.DependencyInjection;
using Credentials.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.OAuth.Tests;

/// <summary>The state: random, single-use, short-lived, bound to organization, user and credential. Refusals store nothing.</summary>
[Collection(OidcCollection.Name)]
public sealed class OAuthStateTests(OidcServer server)
{
    [SkippableFact]
    public async Task Complete_UnknownState_ValidationOnStateAndNothingStored()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();
        var (clientId, clientSecret) = await server.RegisterClientAsync();
        var view = await host.CreateClientAsync(server, clientId, clientSecret, "UNKNOWN_STATE");

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => host.Connections.CompleteAsync(new OAuthCallback("not-a-state-we-issued", "some-code")));

        Assert.Equal("state", Assert.Single(ex.Errors).Field);
        Assert.Equal(view.Version, (await host.Store.GetAsync(OAuthHost.Org, view.Id))!.Version);
        Assert.Equal(0, await server.CountAsync(clientId, "authorization_code"));
    }

    [SkippableFact]
    public async Task Complete_StateReused_SecondIsRefusedAndTheFirstConnectionStands()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();
        var (clientId, clientSecret) = await server.RegisterClientAsync();
        var view = await host.CreateClientAsync(server, clientId, clientSecret, "REUSED_STATE");
        var (connected, callback) = await host.ConnectAsync(server, view.Id);

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => host.Connections.CompleteAsync(callback));

        Assert.Equal("state", Assert.Single(ex.Errors).Field);
        Assert.Equal(connected.Version, (await host.Store.GetAsync(OAuthHost.Org, view.Id))!.Version);
        Assert.Equal(1, await server.CountAsync(clientId, "authorization_code"));
    }

    [SkippableFact]
    public async Task Complete_StateExpired_ValidationOnStateAndNothingStored()
    {
        server.RequireOrSkip();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new OAuthHost(time: time);
        var (clientId, clientSecret) = await server.RegisterClientAsync();
        var view = await host.CreateClientAsync(server, clientId, clientSecret, "EXPIRED_STATE");
        var authorization = await host.Connections.BeginAsync(OAuthHost.Org, view.Id);
        Assert.Equal(time.GetUtcNow().AddMinutes(10), authorization.ExpiresAt, TimeSpan.FromSeconds(1));
        var callback = await server.AuthorizeAsync(authorization.AuthorizationUrl);

        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => host.Connections.CompleteAsync(callback));

        Assert.Equal("state", Assert.Single(ex.Errors).Field);
        Assert.Equal(view.Version, (await host.Store.GetAsync(OAuthHost.Org, view.Id))!.Version);
        Assert.Equal(0, await server.CountAsync(clientId, "authorization_code"));
    }

    [SkippableFact]
    public async Task Complete_ErrorCallback_ValidationOnCodeStateConsumedNothingStored()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();
        var (clientId, clientSecret) = await server.RegisterClientAsync();
        var view = await host.CreateClientAsync(server, clientId, clientSecret, "DENIED");
        var authorization = await host.Connections.BeginAsync(OAuthHost.Org, view.Id);
        var state = System.Web.HttpUtility.ParseQueryString(authorization.AuthorizationUrl.Query)["state"]!;

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => host.Connections.CompleteAsync(new OAuthCallback(state, null, "access_denied", "The user said no")));
        Assert.Equal("code", Assert.Single(ex.Errors).Field);
        Assert.Contains("access_denied", ex.Errors[0].Message, StringComparison.Ordinal);

        // The state was good for that one answer.
        var again = await Assert.ThrowsAsync<CredentialValidationException>(() => host.Connections.CompleteAsync(new OAuthCallback(state, "a-code")));
        Assert.Equal("state", Assert.Single(again.Errors).Field);
        Assert.Equal(view.Version, (await host.Store.GetAsync(OAuthHost.Org, view.Id))!.Version);
        Assert.Equal(ConnectionState.NotConnected, (await host.Connections.GetStatusAsync(OAuthHost.Org, view.Id)).State);
    }

    [SkippableFact]
    public async Task Complete_FlowBegunForOneCredential_TokensLandOnItAndNeverOnAnother()
    {
        server.RequireOrSkip();
        await using var host = new OAuthHost();
        var (clientId, clientSecret) = await server.RegisterClientAsync();
        var first = await host.CreateClientAsync(server, clientId, clientSecret, "FIRST_OAUTH");
        var second = await host.CreateClientAsync(server, clientId, clientSecret, "SECOND_OAUTH");
        var forSecond = await host.Connections.BeginAsync(OAuthHost.Org, second.Id);
        var forFirst = await host.Connections.BeginAsync(OAuthHost.Org, first.Id);

        await host.Connections.CompleteAsync(await server.AuthorizeAsync(forFirst.AuthorizationUrl));

        Assert.Equal(ConnectionState.Connected, (await host.Connections.GetStatusAsync(OAuthHost.Org, first.Id)).State);
        Assert.Equal(ConnectionState.NotConnected, (await host.Connections.GetStatusAsync(OAuthHost.Org, second.Id)).State);
        Assert.Equal(second.Version, (await host.Store.GetAsync(OAuthHost.Org, second.Id))!.Version);
        Assert.NotNull(forSecond);
    }

    [SkippableFact]
    public async Task Complete_FlowRowMovedToAnotherCredentialInTheDatabase_FailsIntegrityAndStoresNothing()
    {
        server.RequireOrSkip();
        var file = Path.Combine(Path.GetTempPath(), $"oauth-move-{Guid.NewGuid():N}.db");
        try
        {
            await using var host = new OAuthHost(b => b.UseSqlite("Data Source=" + file));
            var (clientId, clientSecret) = await server.RegisterClientAsync();
            var victim = await host.CreateClientAsync(server, clientId, clientSecret, "VICTIM_OAUTH");
            var attacker = await host.CreateClientAsync(server, clientId, clientSecret, "ATTACKER_OAUTH");
            var authorization = await host.Connections.BeginAsync(OAuthHost.Org, attacker.Id);
            var callback = await server.AuthorizeAsync(authorization.AuthorizationUrl);

            await using (var db = new SqliteConnection("Data Source=" + file))
            {
                await db.OpenAsync();
                await using var command = db.CreateCommand();
                command.CommandText = "UPDATE oauth_flows SET credential_id = $victim;";
                command.Parameters.AddWithValue("$victim", victim.Id.Value.ToString("N"));
                Assert.Equal(1, await command.ExecuteNonQueryAsync());
            }

            await Assert.ThrowsAsync<CredentialIntegrityException>(() => host.Connections.CompleteAsync(callback));
            Assert.Equal(victim.Version, (await host.Store.GetAsync(OAuthHost.Org, victim.Id))!.Version);
            Assert.Equal(0, await server.CountAsync(clientId, "authorization_code"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Complete_FlowOfUserA_NeverLandsOnUserBsCredential()
    {
        await using var host = new OAuthHost();
        var alice = new CredentialContext(OAuthHost.Org, "alice");
        var bob = new CredentialContext(OAuthHost.Org, "bob");
        OAuth2 Client() => new("id", "secret") { AuthorizationEndpoint = "https://auth.example.com/authorize", TokenEndpoint = "https://auth.example.com/token" };
        var alices = await host.Store.CreateAsync(alice, new NewCredential("A", "GITHUB_OAUTH", CredentialCategory.McpService, Client()) { OwnerUserId = "alice" });
        var bobs = await host.Store.CreateAsync(bob, new NewCredential("B", "GITHUB_OAUTH", CredentialCategory.McpService, Client()) { OwnerUserId = "bob" });

        // Alice cannot even begin (or read the status of) Bob's personal credential: it is not found for her.
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => host.Connections.BeginAsync(alice, bobs.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => host.Connections.GetStatusAsync(alice, bobs.Id));

        // A flow Alice began on her own credential, moved in the database onto Bob's, completes nothing.
        var authorization = await host.Connections.BeginAsync(alice, alices.Id);
        var state = System.Web.HttpUtility.ParseQueryString(authorization.AuthorizationUrl.Query)["state"]!;
        var flow = (await host.Storage.TakeOAuthFlowAsync(OAuthVault.HashState(state), DateTimeOffset.UtcNow))!;
        Assert.True(await host.Storage.TryAddOAuthFlowAsync(flow with { CredentialId = bobs.Id.Value }));

        await Assert.ThrowsAnyAsync<CredentialException>(() => host.Connections.CompleteAsync(new OAuthCallback(state, "code-from-the-provider")));

        var after = await host.Store.GetAsync(bob, bobs.Id);
        Assert.Equal(bobs.Version, after!.Version);
        Assert.Null((await host.Resolver.TryResolveAsync<OAuth2>(bob, "GITHUB_OAUTH", ResolveScope.User))!.AccessToken);
        Assert.Equal(ConnectionState.NotConnected, (await host.Connections.GetStatusAsync(bob, bobs.Id)).State);
    }

    [Fact]
    public async Task Begin_OtherOrganization_NotFound()
    {
        await using var host = new OAuthHost();
        var view = await host.Store.CreateAsync(OAuthHost.Org, new NewCredential("X", "X_OAUTH", CredentialCategory.Runtime, new OAuth2("id", "secret") { AuthorizationEndpoint = "https://auth.example.com/authorize", TokenEndpoint = "https://auth.example.com/token" }));

        await Assert.ThrowsAsync<CredentialNotFoundException>(() => host.Connections.BeginAsync(new OrganizationId("globex"), view.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => host.Connections.GetStatusAsync(new OrganizationId("globex"), view.Id));
    }

    [Fact]
    public async Task Begin_NotOAuth_TypeMismatch()
    {
        await using var host = new OAuthHost();
        var view = await host.Store.CreateAsync(OAuthHost.Org, new NewCredential("T", "API_TOKEN", CredentialCategory.Runtime, new ApiToken("tok-123456789")));

        await Assert.ThrowsAsync<CredentialTypeMismatchException>(() => host.Connections.BeginAsync(OAuthHost.Org, view.Id));
    }

    [Fact]
    public async Task Begin_StoresOnlyAHashOfTheStateAndASealedVerifier()
    {
        await using var host = new OAuthHost();
        var view = await host.Store.CreateAsync(OAuthHost.Org, new NewCredential("X", "HASHED", CredentialCategory.Runtime, new OAuth2("id", "secret") { AuthorizationEndpoint = "https://auth.example.com/authorize", TokenEndpoint = "https://auth.example.com/token" }));
        var authorization = await host.Connections.BeginAsync(new CredentialContext(OAuthHost.Org, "alice"), view.Id);
        var state = System.Web.HttpUtility.ParseQueryString(authorization.AuthorizationUrl.Query)["state"]!;

        var flow = await host.Storage.TakeOAuthFlowAsync(OAuthVault.HashState(state), DateTimeOffset.UtcNow);

        Assert.NotNull(flow);
        Assert.NotEqual(state, flow.StateHash);
        Assert.Equal("alice", flow.UserId);
        Assert.Equal(view.Id.Value, flow.CredentialId);
        var verifier = await host.Vault.OpenVerifierAsync(flow, CancellationToken.None);
        Assert.Equal(43, verifier.Length);
        Assert.Equal(-1, flow.SealedData.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(verifier)));
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => host.Vault.OpenVerifierAsync(flow with { UserId = "mallory" }, CancellationToken.None));
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => host.Vault.OpenVerifierAsync(flow with { CredentialId = Guid.NewGuid() }, CancellationToken.None));
    }

    [Theory]
    [InlineData("", "GOOD_KEY", "name")]
    [InlineData("Name", "bad key", "key")]
    public async Task RegisterClient_BadNameOrKey_IsRefusedBeforeAnyNetworkCall(string name, string key, string field)
    {
        await using var host = new OAuthHost();

        // The resource is unreachable on purpose: a refusal that came after contacting it would be a network error instead.
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            host.Connections.RegisterClientAsync(OAuthHost.Org, new OAuthClientRegistration(name, key, new Uri("https://127.0.0.1:1/mcp"))));

        Assert.Equal(field, Assert.Single(ex.Errors).Field);
    }
}
