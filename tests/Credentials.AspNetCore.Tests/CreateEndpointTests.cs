using System.Net;

namespace Credentials.AspNetCore.Tests;

public sealed class CreateEndpointTests : IAsyncLifetime
{
    private const string Token = "sk-proj-create-test-secret-a1b2";
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync()
    {
        _host.AssertNoResponseContains([Token, "create-test-smtp-pass", "kp-secret-value-9"]);
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Create_Custom_Is201WithLocationETagAndMaskedCard()
    {
        var response = await _host.Client().PostJsonAsync("", $$$"""{"name":"OpenAI prod","key":"OPENAI_PROD","category":"llm_provider","type":"api_token","fields":{"token":"{{{Token}}}"}}""");
        var card = await response.OkAsync(HttpStatusCode.Created);

        Assert.Equal($"{ApiHost.Prefix}/{card.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal($"\"{card.Version()}\"", response.Headers.ETag?.Tag);
        Assert.Equal("OPENAI_PROD", card.GetProperty("key").GetString());
        Assert.Equal("api_token", card.GetProperty("type").GetString());
        Assert.Equal("llm_provider", card.GetProperty("category").GetString());
        Assert.Equal("••••a1b2", card.GetProperty("maskedSummary").GetString());
        Assert.Equal(0, card.GetProperty("usedBy").GetInt32());
        Assert.Equal(32, card.Id().Length);

        var resolved = await _host.Get<ICredentialResolver>().ResolveAsync<ApiToken>(new OrganizationId("acme"), "OPENAI_PROD");
        Assert.Equal(Token, resolved.Token);
    }

    [Fact]
    public async Task Create_FromTemplate_TakesTheTemplatesNameKeyTypeAndCategory()
    {
        var card = await (await _host.Client().PostJsonAsync("", $$$"""{"templateId":"openai","fields":{"token":"{{{Token}}}"}}""")).OkAsync(HttpStatusCode.Created);

        Assert.Equal("openai", card.GetProperty("templateId").GetString());
        Assert.Equal("OPENAI_API_KEY", card.GetProperty("key").GetString());
        Assert.Equal("OpenAI API Key", card.GetProperty("name").GetString());
        Assert.Equal("llm_provider", card.GetProperty("category").GetString());
        Assert.Equal(0, card.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task Create_FromTemplate_AppliesPrefillAcceptsANumberPortAndAName()
    {
        var card = await (await _host.Client().PostJsonAsync("", """{"templateId":"gmail-smtp","name":"Support mail","key":"GMAIL_SMTP","category":"communication","fields":{"username":"support@example.com","password":"create-test-smtp-pass","port":587}}""")).OkAsync(HttpStatusCode.Created);

        Assert.Equal("GMAIL_SMTP", card.GetProperty("key").GetString());
        Assert.Equal("Support mail", card.GetProperty("name").GetString());
        Assert.Equal("gmail-smtp", card.GetProperty("templateId").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, card.GetProperty("ownerUserId").ValueKind);
        var smtp = await _host.Get<ICredentialResolver>().ResolveAsync<Smtp>(new OrganizationId("acme"), "GMAIL_SMTP");
        Assert.Equal(("smtp.gmail.com", 587, SmtpEncryption.StartTls), (smtp.Host, smtp.Port, smtp.Encryption));
    }

    [Fact]
    public async Task Create_FromTemplate_AnotherKeyOrCategory_Is422SayingHowToChooseOne_AndStoresNothing()
    {
        var client = _host.Client();
        var problem = await (await client.PostJsonAsync("", """{"templateId":"gmail-smtp","key":"SUPPORT_SMTP","fields":{"category":"runtime","username":"support@example.com","password":"create-test-smtp-pass","bogus":"x"}}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("without templateId", problem.Errors("key")[0], StringComparison.Ordinal);
        Assert.Contains("communication", problem.Errors("category")[0], StringComparison.Ordinal);
        Assert.Single(problem.Errors("bogus"));
        Assert.Equal(0, (await (await client.GetAsync("")).OkAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Create_FromAnOAuthTemplate_TakesEveryOAuthFieldOfTheSchema()
    {
        // The forms API maps the fields (the API keeps no field list of its own), so the schema's newer OAuth 2.0 fields
        // arrive as posted.
        var body = """
            {"templateId":"google-workspace","fields":{"client_id":"cid.apps.example","client_secret":"create-test-smtp-pass",
             "grant_type":"client_credentials","authorization_endpoint":"https://auth.example.com/authorize",
             "token_endpoint":"https://auth.example.com/token","scopes":"read write","issuer":"https://auth.example.com",
             "resource":"https://mcp.example.com"}}
            """;
        var card = await (await _host.Client().PostJsonAsync("", body)).OkAsync(HttpStatusCode.Created);

        var stored = await _host.Get<ICredentialResolver>().ResolveAsync<OAuth2>(new OrganizationId("acme"), card.GetProperty("key").GetString()!);
        Assert.Equal(
            (OAuth2GrantType.ClientCredentials, "https://auth.example.com/authorize", "https://auth.example.com/token", "read write", "https://auth.example.com", "https://mcp.example.com"),
            (stored.GrantType, stored.AuthorizationEndpoint, stored.TokenEndpoint, stored.Scopes, stored.Issuer, stored.Resource));
    }

    [Fact]
    public async Task Create_FromTemplate_TokenWithoutItsPrefix_SavesWithAWarning()
    {
        var card = await (await _host.Client().PostJsonAsync("", """{"templateId":"anthropic","fields":{"token":"not-an-anthropic-key-123"}}""")).OkAsync(HttpStatusCode.Created);

        var warning = Assert.Single(card.GetProperty("warnings").EnumerateArray());
        Assert.Equal("token", warning.GetProperty("field").GetString());
        Assert.DoesNotContain("not-an-anthropic", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_FromTemplate_WrongTypeUnknownFieldAndUnknownTemplate_Are422()
    {
        var client = _host.Client();
        var problem = await (await client.PostJsonAsync("", """{"templateId":"openai","type":"smtp","fields":{"token":"x1","host":"h"}}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("api_token", problem.Errors("type")[0], StringComparison.Ordinal);
        Assert.Single(problem.Errors("host"));

        var unknown = await (await client.PostJsonAsync("", """{"templateId":"no-such-template","fields":{}}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Single(unknown.Errors("template_id"));
    }

    [Fact]
    public async Task Create_EveryBrokenRule_Is422WithErrorsByWireName()
    {
        var problem = await (await _host.Client().PostJsonAsync("", """{"name":"","key":"lower case","category":"llm_provider","type":"smtp","fields":{"host":"smtp.example.com","port":"seventy","encryption":"tls"}}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("urn:credentials:problem:validation", problem.GetProperty("type").GetString());
        foreach (var field in new[] { "name", "key", "port", "encryption" })
        {
            Assert.NotEmpty(problem.Errors(field));
        }
    }

    [Fact]
    public async Task Create_KeyPairWithCustomObjectAndNumbers_AcceptsJsonValues()
    {
        var client = _host.Client();
        await (await client.PostJsonAsync("", """{"name":"Pair","key":"PAIR","category":"runtime","type":"key_pair","fields":{"api_key":"AKIA123","api_secret":"kp-secret-value-9"}}""")).OkAsync(HttpStatusCode.Created);
        var custom = await (await client.PostJsonAsync("", """{"name":"Billing","key":"BILLING","category":"custom","type":"custom","fields":{"value":{"endpoint":"https://billing.example","depth":{"n":1}}}}""")).OkAsync(HttpStatusCode.Created);

        Assert.Equal("custom", custom.GetProperty("type").GetString());
        var value = await _host.Get<ICredentialResolver>().ResolveAsync<Custom>(new OrganizationId("acme"), "BILLING");
        Assert.Equal(1, value.Value.GetProperty("depth").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Create_SameKeyTwice_Is409()
    {
        var client = _host.Client();
        await client.CreateTokenAsync("DUP_KEY", "tok-1");
        var problem = await (await client.PostJsonAsync("", """{"name":"Again","key":"DUP_KEY","category":"custom","type":"api_token","fields":{"token":"tok-2"}}""")).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:credentials:problem:key-conflict", problem.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("""{"name":"x","key":"X","category":"custom","type":"api_tokens","fields":{"token":"t"}}""", "api_token")]
    [InlineData("""{"name":"x","key":"X","category":"custom","fields":{"token":"t"}}""", "required")]
    public async Task Create_UnknownOrMissingType_Is422OnType(string body, string expected)
    {
        var problem = await (await _host.Client().PostJsonAsync("", body)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(expected, problem.Errors("type")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"x", "fields": {"token": "sk-secret-in-broken-json" """)]
    [InlineData("""[1,2,3]""")]
    [InlineData("""null""")]
    [InlineData("""{"name": 42}""")]
    [InlineData("""{"feilds": {}}""")]
    [InlineData("""{"fields": {"value": {"sk-secret-name": }}}""")]
    [InlineData("")]
    public async Task Create_MalformedBody_Is400WithAClearMessageAndNoInput(string body)
    {
        var problem = await (await _host.Client().PostJsonAsync("", body)).ProblemAsync(HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("JSON", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NotJson_Is415()
    {
        // Routing answers it (the endpoint declares that it accepts application/json), before the handler runs.
        var response = await _host.Client().PostAsync("", new StringContent("name=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Create_HugeBody_Is413()
    {
        var huge = new string('a', JsonBody.MaxBytes + 10);
        var response = await _host.Client().PostJsonAsync("", $$$"""{"name":"x","key":"X","category":"custom","type":"api_token","fields":{"token":"{{{huge}}}"}}""");
        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
