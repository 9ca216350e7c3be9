using System.Text.Json;

namespace Credentials.Tests.Validation;

/// <summary>The OAuth 2.0 token endpoint and expiry: typed API, JSON, schema, forms and edit forms.</summary>
public sealed class OAuth2FieldTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();

    [Theory]
    [InlineData("https://auth.example.com/oauth/token")]
    [InlineData("https://auth.example.com:8443/oauth/token?tenant=acme")]
    [InlineData("http://localhost:8080/token")]
    [InlineData("http://127.0.0.1/token")]
    [InlineData("http://[::1]:9000/token")]
    public async Task Create_TokenEndpoint_HttpsOrLoopbackHttp_IsAccepted(string endpoint)
    {
        var secret = new OAuth2("client", "secret") { TokenEndpoint = endpoint };

        await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("App", "APP", CredentialCategory.McpService, secret));

        Assert.Equal(endpoint, (await _vault.Resolver.ResolveAsync<OAuth2>(TestVault.Acme, "APP")).TokenEndpoint);
    }

    [Theory]
    [InlineData("http://localhost.example.com/token")]
    [InlineData("http://127.0.0.2/token")]
    [InlineData("http://10.0.0.1/token")]
    public async Task Create_TokenEndpoint_HttpElsewhere_IsRejected(string endpoint)
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.CreateAsync(TestVault.Acme,
            new NewCredential("App", "APP", CredentialCategory.McpService, new OAuth2("client", "secret") { TokenEndpoint = endpoint })));

        Assert.Equal("token_endpoint", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Json_NewFields_UseWireNamesAndRoundTrip()
    {
        var secret = new OAuth2("i", "s") { TokenEndpoint = "https://a.example/t", ExpiresAt = new DateTimeOffset(2030, 1, 31, 12, 0, 0, TimeSpan.Zero) };

        var json = JsonSerializer.Serialize<CredentialSecret>(secret, CredentialJsonContext.Default.CredentialSecret);

        Assert.Equal("""{"type":"oauth2","client_id":"i","client_secret":"s","token_endpoint":"https://a.example/t","expires_at":"2030-01-31T12:00:00+00:00"}""", json);
        Assert.Equal(secret, JsonSerializer.Deserialize(json, CredentialJsonContext.Default.CredentialSecret));
    }

    [Fact]
    public void Constructor_PositionalShapeIsUnchanged()
    {
        var secret = new OAuth2("id", "secret", "access", "refresh");

        Assert.Null(secret.TokenEndpoint);
        Assert.Null(secret.ExpiresAt);
        Assert.Equal(OAuth2GrantType.AuthorizationCode, secret.GrantType);
        Assert.Equal(
            ["client_id", "client_secret", "grant_type", "authorization_endpoint", "token_endpoint", "scopes", "issuer", "resource", "access_token", "refresh_token", "expires_at"],
            CredentialSchemas.Instance.Get(CredentialType.OAuth2).Fields.Select(f => f.Name));
        Assert.All(CredentialSchemas.Instance.Get(CredentialType.OAuth2).Fields.Skip(1), f => Assert.False(f.Required));
    }

    [Fact]
    public async Task Forms_NewFields_AreParsedPrefilledAndKeptOnPostBack()
    {
        var view = await _vault.Forms.CreateAsync(TestVault.Acme, CredentialType.OAuth2, new Dictionary<string, string?>
        {
            ["name"] = "App", ["key"] = "APP", ["category"] = "mcp_service",
            ["client_id"] = "client", ["client_secret"] = "secret",
            ["token_endpoint"] = "https://auth.example.com/token", ["expires_at"] = "2030-01-31T12:00:00Z",
        });

        var form = await _vault.Store.GetForEditAsync(TestVault.Acme, view.Id);
        await _vault.Forms.UpdateAsync(TestVault.Acme, view.Id, form.Fields.ToDictionary(f => f.Name, f => f.Value), form.Version);

        Assert.Equal("https://auth.example.com/token", form.Fields.Single(f => f.Name == "token_endpoint").Value);
        var stored = await _vault.Resolver.ResolveAsync<OAuth2>(TestVault.Acme, "APP");
        Assert.Equal(new DateTimeOffset(2030, 1, 31, 12, 0, 0, TimeSpan.Zero), stored.ExpiresAt);
        Assert.Equal("secret", stored.ClientSecret);
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("2030-13-01")]
    public async Task Forms_UnparsableExpiry_IsAnErrorOnExpiresAt(string text)
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Forms.CreateAsync(TestVault.Acme, CredentialType.OAuth2, new Dictionary<string, string?>
        {
            ["name"] = "App", ["key"] = "APP", ["category"] = "mcp_service", ["client_id"] = "client", ["client_secret"] = "secret", ["expires_at"] = text,
        }));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("expires_at", error.Field);
        Assert.Contains("ISO 8601", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_TypedSecretWithoutTheEndpoint_IsADestinationChangeThatNeedsTheSecretAgain()
    {
        var view = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("App", "APP", CredentialCategory.McpService,
            new OAuth2("client", "secret") { TokenEndpoint = "https://auth.example.com/token" }));

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            _vault.Store.UpdateAsync(TestVault.Acme, view.Id, new CredentialUpdate { Secret = new OAuth2("client", "") }));
        Assert.Equal("client_secret", Assert.Single(ex.Errors).Field);
        Assert.Equal("https://auth.example.com/token", (await _vault.Resolver.ResolveAsync<OAuth2>(TestVault.Acme, "APP")).TokenEndpoint);

        await _vault.Store.UpdateAsync(TestVault.Acme, view.Id, new CredentialUpdate { Secret = new OAuth2("client", "secret-again") });

        var stored = await _vault.Resolver.ResolveAsync<OAuth2>(TestVault.Acme, "APP");
        Assert.Null(stored.TokenEndpoint);
        Assert.Equal("secret-again", stored.ClientSecret);
    }

    public void Dispose() => _vault.Dispose();
}
