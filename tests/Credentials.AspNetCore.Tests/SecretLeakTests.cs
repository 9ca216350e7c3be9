using System.Net;

namespace Credentials.AspNetCore.Tests;

/// <summary>Every route, with every type's secrets posted: no response body ever holds one of them.</summary>
public sealed class SecretLeakTests : IAsyncLifetime
{
    private static readonly string[] Secrets =
    [
        "leak-token-AAAA1111", "leak-api-secret-BBBB2222", "leak-password-CCCC3333", "leak-smtp-pass-DDDD4444",
        "leak-client-secret-EEEE5555", "leak-access-token-FFFF6666", "leak-refresh-token-GGGG7777",
        "leak-custom-value-HHHH8888", "leak-custom-name-IIII9999", "leak-updated-token-JJJJ0000", "leak+plus/ünï<KKKK>",
    ];

    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task NoResponse_EverHoldsAPostedSecret()
    {
        var client = _host.Client();
        var bodies = new[]
        {
            """{"name":"Token","key":"LEAK_TOKEN","category":"llm_provider","type":"api_token","fields":{"token":"leak-token-AAAA1111"}}""",
            """{"name":"Pair","key":"LEAK_PAIR","category":"runtime","type":"key_pair","fields":{"api_key":"AKIAPUBLIC","api_secret":"leak-api-secret-BBBB2222"}}""",
            """{"name":"Basic","key":"LEAK_BASIC","category":"mcp_service","type":"username_password","fields":{"username":"bob","password":"leak-password-CCCC3333"}}""",
            """{"name":"Mail","key":"LEAK_SMTP","category":"communication","type":"smtp","fields":{"host":"smtp.example.com","port":465,"username":"m","password":"leak-smtp-pass-DDDD4444","encryption":"starttls"}}""",
            """{"name":"OAuth","key":"LEAK_OAUTH","category":"mcp_service","type":"oauth2","fields":{"client_id":"cid","client_secret":"leak-client-secret-EEEE5555","access_token":"leak-access-token-FFFF6666","refresh_token":"leak-refresh-token-GGGG7777","token_endpoint":"https://auth.example.com/token"}}""",
            """{"name":"Custom","key":"LEAK_CUSTOM","category":"custom","type":"custom","fields":{"value":{"leak-custom-name-IIII9999":"leak-custom-value-HHHH8888"}}}""",
            """{"name":"Escaped","key":"LEAK_ESCAPED","category":"custom","type":"api_token","fields":{"token":"leak+plus/ünï<KKKK>"}}""",
        };
        var ids = new List<string>();
        foreach (var body in bodies)
        {
            ids.Add((await (await client.PostJsonAsync("", body)).OkAsync(HttpStatusCode.Created)).Id());
        }

        // Broken requests that carry secrets too: validation, conflict, malformed JSON.
        await client.PostJsonAsync("", """{"name":"Token","key":"LEAK_TOKEN","category":"llm_provider","type":"api_token","fields":{"token":"leak-token-AAAA1111"}}""");
        await client.PostJsonAsync("", """{"name":"","key":"bad","category":"x","type":"api_token","fields":{"token":" leak-token-AAAA1111"}}""");
        await client.PostJsonAsync("", """{"name":"x","fields":{"token":"leak-token-AAAA1111" """);
        await client.PostJsonAsync("", """{"name":"x","key":"X1","category":"custom","type":"custom","fields":{"value":"{\"leak-custom-name-IIII9999\": leak-custom-value-HHHH8888}"}}""");
        await client.PostJsonAsync("", """{"templateId":"openai","fields":{"token":"leak-token-AAAA1111","bogus":"leak-password-CCCC3333"}}""");

        foreach (var id in ids)
        {
            await client.GetAsync(id);
            await client.GetAsync($"{id}/edit");
            await client.PutJsonAsync(id, """{"name":"Edited","fields":{}}""");
            await client.PostJsonAsync($"{id}/consumers", """{"kind":"skill","id":"s1"}""");
            await client.GetAsync($"{id}/consumers");
            await client.GetAsync($"{id}/impact");
        }

        await client.PutJsonAsync(ids[0], """{"fields":{"token":"leak-updated-token-JJJJ0000"}}""");
        await client.PutJsonAsync(ids[0], """{"fields":{"token":" leak-updated-token-JJJJ0000 "}}""");
        await client.GetAsync("");
        await client.GetAsync("?q=leak");
        await client.DeleteAsync(ids[1]);
        await client.GetAsync("deleted");
        await client.PostAsync($"deleted/{ids[1]}/recover", null);
        await client.GetAsync("templates");
        await client.GetAsync("schemas");

        Assert.True(_host.ResponseBodies.Count > 40);
        _host.AssertNoResponseContains(Secrets);
        Assert.Equal("leak-updated-token-JJJJ0000", (await _host.Get<ICredentialResolver>().ResolveAsync<ApiToken>(new OrganizationId("acme"), "LEAK_TOKEN")).Token);
    }
}
