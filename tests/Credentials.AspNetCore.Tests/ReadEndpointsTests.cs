using System.Net;

namespace Credentials.AspNetCore.Tests;

public sealed class ReadEndpointsTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync()
    {
        _host.AssertNoResponseContains(["read-secret-1", "read-secret-2", "read-secret-3", "read-smtp-pass"]);
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task List_FiltersByCategoryTypeAndText_AndCountsConsumers()
    {
        var client = _host.Client();
        var openAi = await client.CreateTokenAsync("OPENAI_API_KEY", "read-secret-1");
        await client.CreateTokenAsync("GITHUB_TOKEN", "read-secret-2", "mcp_service", "GitHub bot");
        await (await client.PostJsonAsync("", """{"name":"Mail","key":"MAIL","category":"communication","type":"smtp","fields":{"host":"smtp.example.com","port":"587","username":"u","password":"read-smtp-pass","encryption":"starttls"}}""")).OkAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync($"{openAi.Id()}/consumers", """{"kind":"skill","id":"s1","displayName":"Research"}""")).OkAsync();

        var all = await (await client.GetAsync("")).OkAsync();
        Assert.Equal(["GITHUB_TOKEN", "MAIL", "OPENAI_API_KEY"], all.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("key").GetString()!).ToArray());
        Assert.Equal(JsonNull, all.GetProperty("continuationToken").ValueKind);
        var openAiCard = all.GetProperty("items").EnumerateArray().Single(c => c.Id() == openAi.Id());
        Assert.Equal(1, openAiCard.GetProperty("usedBy").GetInt32());

        Assert.Equal(["MAIL"], Keys(await (await client.GetAsync("?category=communication")).OkAsync()));
        Assert.Equal(["MAIL"], Keys(await (await client.GetAsync("?type=smtp")).OkAsync()));
        Assert.Equal(["GITHUB_TOKEN"], Keys(await (await client.GetAsync("?q=github")).OkAsync()));
        Assert.Equal(["OPENAI_API_KEY"], Keys(await (await client.GetAsync("?category=llm_provider&type=api_token&q=OPENAI")).OkAsync()));
    }

    [Fact]
    public async Task List_Pages_WithContinuationToken()
    {
        var client = _host.Client();
        await client.CreateTokenAsync("A_KEY", "read-secret-1");
        await client.CreateTokenAsync("B_KEY", "read-secret-2");
        await client.CreateTokenAsync("C_KEY", "read-secret-3");

        var keys = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await (await client.GetAsync("?pageSize=2" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)))).OkAsync();
            keys.AddRange(Keys(page));
            token = page.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null);

        Assert.Equal(["A_KEY", "B_KEY", "C_KEY"], keys);
        Assert.Equal(2, pages);
    }

    [Theory]
    [InlineData("?category=llm", "category", HttpStatusCode.BadRequest)]
    [InlineData("?type=token", "type", HttpStatusCode.BadRequest)]
    [InlineData("?pageSize=ten", "pageSize", HttpStatusCode.BadRequest)]
    [InlineData("?pageSize=0", "page_size", HttpStatusCode.UnprocessableEntity)]
    [InlineData("?continuationToken=not-a-token", null, HttpStatusCode.UnprocessableEntity)]
    public async Task List_BadQuery_IsAProblemNamingTheParameter(string query, string? field, HttpStatusCode status)
    {
        var problem = await (await _host.Client().GetAsync(query)).ProblemAsync(status);
        if (field is not null)
        {
            Assert.NotEmpty(problem.Errors(field));
        }
    }

    [Fact]
    public async Task Get_IsTheCardWithETag()
    {
        var client = _host.Client();
        var created = await client.CreateTokenAsync("GET_ME", "read-secret-1");

        var response = await client.GetAsync(created.Id());
        var card = await response.OkAsync();

        Assert.Equal($"\"{created.Version()}\"", response.Headers.ETag?.Tag);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("GET_ME", card.GetProperty("key").GetString());
        Assert.Equal(0, card.GetProperty("usedBy").GetInt32());
    }

    [Theory]
    [InlineData("0190a1b2c3d4e5f60718293a4b5c6d7e")]
    [InlineData("not-an-id")]
    public async Task Get_UnknownOrMalformedId_Is404(string id)
    {
        var client = _host.Client();
        await (await client.GetAsync(id)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync(id + "/edit")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync(id + "/impact")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync(id + "/consumers")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync(id)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutJsonAsync(id, """{"name":"x"}""")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"deleted/{id}/recover", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Edit_SecretFieldsEmptyWithHasStoredValue_NonSecretsPrefilled_AndETag()
    {
        var client = _host.Client();
        var created = await (await client.PostJsonAsync("", """{"name":"Mail","key":"MAIL","category":"communication","type":"smtp","fields":{"host":"smtp.example.com","port":"2525","username":"mailer","password":"read-smtp-pass","encryption":"starttls"}}""")).OkAsync(HttpStatusCode.Created);

        var response = await client.GetAsync($"{created.Id()}/edit");
        var form = await response.OkAsync();

        Assert.Equal($"\"{created.Version()}\"", response.Headers.ETag?.Tag);
        Assert.Equal(created.Version(), form.Version());
        Assert.Equal("smtp", form.GetProperty("type").GetString());
        var fields = form.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal("smtp.example.com", fields["host"].GetProperty("value").GetString());
        Assert.Equal("2525", fields["port"].GetProperty("value").GetString());
        Assert.Equal(JsonNull, fields["password"].GetProperty("value").ValueKind);
        Assert.True(fields["password"].GetProperty("hasStoredValue").GetBoolean());
        Assert.True(fields["password"].GetProperty("secret").GetBoolean());
        Assert.True(fields["host"].GetProperty("isDestination").GetBoolean());
        Assert.False(fields["username"].GetProperty("isDestination").GetBoolean());
        Assert.Equal(JsonNull, form.GetProperty("ownerUserId").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    private static string[] Keys(System.Text.Json.JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("key").GetString()!).ToArray();
}
