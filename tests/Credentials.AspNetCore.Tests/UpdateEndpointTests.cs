using System.Net;

namespace Credentials.AspNetCore.Tests;

public sealed class UpdateEndpointTests : IAsyncLifetime
{
    private const string Token = "sk-update-original-secret-9f8e";
    private const string NewToken = "sk-update-replacement-secret-7d6c";
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync()
    {
        _host.AssertNoResponseContains([Token, NewToken]);
        await _host.DisposeAsync();
    }

    private ICredentialResolver Resolver => _host.Get<ICredentialResolver>();

    [Fact]
    public async Task Put_BlankSecretWithIfMatch_KeepsTheValue_AndAnswersTheNewETag()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("KEEP_ME", Token);

        var response = await client.PutJsonAsync(card.Id(), """{"name":"Renamed","fields":{"token":""}}""", $"\"{card.Version()}\"");
        var updated = await response.OkAsync();

        Assert.Equal("Renamed", updated.GetProperty("name").GetString());
        Assert.True(updated.Version() > card.Version());
        Assert.Equal($"\"{updated.Version()}\"", response.Headers.ETag?.Tag);
        Assert.Equal(Token, (await Resolver.ResolveAsync<ApiToken>(new OrganizationId("acme"), "KEEP_ME")).Token);
    }

    [Fact]
    public async Task Put_FilledSecretWithBodyVersion_Replaces()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("REPLACE_ME", Token);

        await (await client.PutJsonAsync(card.Id(), $$"""{"fields":{"token":"{{NewToken}}"},"expectedVersion":{{card.Version()}}}""")).OkAsync();

        Assert.Equal(NewToken, (await Resolver.ResolveAsync<ApiToken>(new OrganizationId("acme"), "REPLACE_ME")).Token);
    }

    [Fact]
    public async Task Put_StaleIfMatchOrStaleBodyVersion_Is412AndChangesNothing()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("STALE", Token);
        await (await client.PutJsonAsync(card.Id(), """{"name":"First"}""", $"\"{card.Version()}\"")).OkAsync();

        var stale = await client.PutJsonAsync(card.Id(), $$$"""{"name":"Second","fields":{"token":"{{{NewToken}}}"}}""", $"\"{card.Version()}\"");
        var problem = await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("urn:credentials:problem:stale-version", problem.GetProperty("type").GetString());
        Assert.Null(stale.Headers.ETag);

        await (await client.PutJsonAsync(card.Id(), $$"""{"name":"Second","expectedVersion":{{card.Version()}}}""")).ProblemAsync(HttpStatusCode.PreconditionFailed);

        var now = await (await client.GetAsync(card.Id())).OkAsync();
        Assert.Equal("First", now.GetProperty("name").GetString());
        Assert.Equal(Token, (await Resolver.ResolveAsync<ApiToken>(new OrganizationId("acme"), "STALE")).Token);
    }

    [Fact]
    public async Task Put_WithoutVersionOrWithStar_LastWriterWins()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("NO_VERSION", Token);
        await (await client.PutJsonAsync(card.Id(), """{"name":"One"}""")).OkAsync();
        var two = await (await client.PutJsonAsync(card.Id(), """{"name":"Two"}""", "*")).OkAsync();
        Assert.Equal("Two", two.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("1")]
    [InlineData("\"one\"")]
    [InlineData("\"1\", \"2\"")]
    public async Task Put_MalformedIfMatch_Is400(string ifMatch)
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("BAD_IF_MATCH", Token);
        await (await client.PutJsonAsync(card.Id(), """{"name":"x"}""", ifMatch)).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Put_IfMatchAndBodyVersionDisagree_Is400()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("DISAGREE", Token);
        await (await client.PutJsonAsync(card.Id(), $$"""{"name":"x","expectedVersion":{{card.Version() + 5}}}""", $"\"{card.Version()}\"")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Put_AnotherType_Is422_AndBadFieldsAre422ByWireName()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("TYPED", Token);
        var typeProblem = await (await client.PutJsonAsync(card.Id(), """{"type":"smtp"}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(typeProblem.Errors("type"));

        var fieldProblem = await (await client.PutJsonAsync(card.Id(), """{"category":"nope","fields":{"host":"x"}}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(fieldProblem.Errors("category"));
    }

    [Fact]
    public async Task Put_ADestinationChangeWithBlankSecrets_Is422OnEachSecret_AndChangesNothing()
    {
        var client = _host.Client();
        var card = await (await client.PostJsonAsync("", $$$"""{"name":"Mail","key":"MAIL","category":"communication","type":"smtp","fields":{"host":"smtp.example.com","port":"587","username":"m","password":"{{{Token}}}","encryption":"starttls"}}""")).OkAsync(HttpStatusCode.Created);

        var problem = await (await client.PutJsonAsync(card.Id(), """{"fields":{"host":"smtp.attacker.example","password":""}}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("entered again", problem.Errors("password")[0], StringComparison.Ordinal);
        Assert.Equal("smtp.example.com", (await Resolver.ResolveAsync<Smtp>(new OrganizationId("acme"), "MAIL")).Host);

        // With the secret given again, the destination changes.
        await (await client.PutJsonAsync(card.Id(), $$$"""{"fields":{"host":"smtp2.example.com","password":"{{{NewToken}}}"}}""")).OkAsync();
        var smtp = await Resolver.ResolveAsync<Smtp>(new OrganizationId("acme"), "MAIL");
        Assert.Equal(("smtp2.example.com", NewToken), (smtp.Host, smtp.Password));
    }

    [Fact]
    public async Task Put_KeyOfAnother_Is409()
    {
        var client = _host.Client();
        await client.CreateTokenAsync("TAKEN", Token);
        var card = await client.CreateTokenAsync("MINE", Token);
        await (await client.PutJsonAsync(card.Id(), """{"key":"TAKEN"}""")).ProblemAsync(HttpStatusCode.Conflict);
    }
}
