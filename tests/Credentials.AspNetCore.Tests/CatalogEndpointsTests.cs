using System.Net;

namespace Credentials.AspNetCore.Tests;

public sealed class CatalogEndpointsTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Templates_All_ListsTheCatalogWithWireNames()
    {
        var templates = await (await _host.Client().GetAsync("templates")).OkAsync();

        Assert.Equal(_host.Get<ICredentialTemplateCatalog>().All.Count, templates.GetArrayLength());
        var openAi = templates.EnumerateArray().Single(t => t.GetProperty("id").GetString() == "openai");
        Assert.Equal("OPENAI_API_KEY", openAi.GetProperty("key").GetString());
        Assert.Equal("api_token", openAi.GetProperty("type").GetString());
        Assert.Equal("llm_provider", openAi.GetProperty("category").GetString());
        var gmail = templates.EnumerateArray().Single(t => t.GetProperty("id").GetString() == "gmail-smtp");
        Assert.Equal("smtp.gmail.com", gmail.GetProperty("prefill").GetProperty("host").GetString());
    }

    [Fact]
    public async Task Templates_SearchAndCategory_Filter()
    {
        var client = _host.Client();
        var search = await (await client.GetAsync("templates?q=anthropic")).OkAsync();
        Assert.Contains(search.EnumerateArray(), t => t.GetProperty("id").GetString() == "anthropic");
        Assert.DoesNotContain(search.EnumerateArray(), t => t.GetProperty("id").GetString() == "github");

        var communication = await (await client.GetAsync("templates?category=communication")).OkAsync();
        Assert.NotEqual(0, communication.GetArrayLength());
        Assert.All(communication.EnumerateArray(), t => Assert.Equal("communication", t.GetProperty("category").GetString()));

        var both = await (await client.GetAsync("templates?q=smtp&category=communication")).OkAsync();
        Assert.All(both.EnumerateArray(), t => Assert.Equal("smtp", t.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Templates_UnknownCategory_Is400WithTheParameter()
    {
        var problem = await (await _host.Client().GetAsync("templates?category=llm")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("llm_provider", problem.Errors("category")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schemas_EveryTypeInFormOrder_WithSecretFlags()
    {
        var schemas = await (await _host.Client().GetAsync("schemas")).OkAsync();

        Assert.Equal(CredentialWireNames.Types, schemas.EnumerateArray().Select(s => s.GetProperty("type").GetString()!).ToArray());
        var smtp = schemas.EnumerateArray().Single(s => s.GetProperty("type").GetString() == "smtp");
        var fields = smtp.GetProperty("fields").EnumerateArray().ToArray();
        Assert.Equal(["host", "port", "username", "password", "encryption"], fields.Select(f => f.GetProperty("name").GetString()!).ToArray());
        Assert.True(fields[3].GetProperty("secret").GetBoolean());
        Assert.Equal("password", fields[3].GetProperty("inputKind").GetString());
        Assert.Equal("number", fields[1].GetProperty("inputKind").GetString());
        Assert.Equal("select", fields[4].GetProperty("inputKind").GetString());
        Assert.Equal(["none", "starttls", "ssl_tls"], fields[4].GetProperty("options").EnumerateArray().Select(o => o.GetString()!).ToArray());
        Assert.Equal("starttls", fields[4].GetProperty("default").GetString());
        Assert.Equal([true, true, false, false, true], fields.Select(f => f.GetProperty("isDestination").GetBoolean()).ToArray());
    }

    [Fact]
    public async Task Schemas_AreTheLibrarysEveryField_WithDestinations()
    {
        var schemas = await (await _host.Client().GetAsync("schemas")).OkAsync();

        foreach (var expected in _host.Get<ICredentialSchemas>().All)
        {
            var actual = schemas.EnumerateArray().Single(s => s.GetProperty("type").GetString() == expected.Type.ToWireName());
            var fields = actual.GetProperty("fields").EnumerateArray().ToArray();
            Assert.Equal(expected.Fields.Select(f => f.Name), fields.Select(f => f.GetProperty("name").GetString()));
            Assert.Equal(expected.Fields.Select(f => f.IsDestination), fields.Select(f => f.GetProperty("isDestination").GetBoolean()));
        }

        var oauth = schemas.EnumerateArray().Single(s => s.GetProperty("type").GetString() == "oauth2").GetProperty("fields").EnumerateArray()
            .Where(f => f.GetProperty("isDestination").GetBoolean()).Select(f => f.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["authorization_endpoint", "token_endpoint", "issuer", "resource"], oauth);
    }
}
