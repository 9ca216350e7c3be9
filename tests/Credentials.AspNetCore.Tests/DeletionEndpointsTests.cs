using System.Net;

namespace Credentials.AspNetCore.Tests;

public sealed class DeletionEndpointsTests : IAsyncLifetime
{
    private const string Token = "sk-deletion-secret-5e4d";
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync()
    {
        _host.AssertNoResponseContains([Token]);
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task ImpactDeleteListRecover_TheSeedsFlow()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("OPENAI_API_KEY", Token);
        await Assign(client, card.Id(), "llm_configuration", "llm-1", "Prod chat");
        await Assign(client, card.Id(), "llm_configuration", "llm-2", "Batch");
        await Assign(client, card.Id(), "skill", "skill-7", "Research");

        var impact = await (await client.GetAsync($"{card.Id()}/impact")).OkAsync();
        Assert.Equal("2 LLM configs unlinked, 1 skill updated", impact.GetProperty("summary").GetString());
        Assert.Equal(3, impact.GetProperty("consumers").GetArrayLength());
        Assert.Equal(3, impact.GetProperty("credential").GetProperty("usedBy").GetInt32());
        var groups = impact.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(("llm_configuration", "unlinked", 2), (groups[0].GetProperty("kind").GetString(), groups[0].GetProperty("effect").GetString(), groups[0].GetProperty("count").GetInt32()));

        var deleted = await (await client.DeleteAsync(card.Id())).OkAsync();
        Assert.Equal("2 LLM configs unlinked, 1 skill updated", deleted.GetProperty("summary").GetString());
        await (await client.GetAsync(card.Id())).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await (await client.GetAsync("")).OkAsync()).GetProperty("items").GetArrayLength());

        var bin = await (await client.GetAsync("deleted")).OkAsync();
        var entry = Assert.Single(bin.EnumerateArray());
        Assert.Equal(card.Id(), entry.GetProperty("credential").Id());
        Assert.True(entry.GetProperty("scheduledPurgeAt").GetDateTimeOffset() > entry.GetProperty("deletedAt").GetDateTimeOffset());

        var recoverResponse = await client.PostAsync($"deleted/{card.Id()}/recover", null);
        var recovered = await recoverResponse.OkAsync();
        Assert.Equal(card.Id(), recovered.Id());
        Assert.Equal(3, recovered.GetProperty("usedBy").GetInt32());
        Assert.Equal($"\"{recovered.Version()}\"", recoverResponse.Headers.ETag?.Tag);
        Assert.Equal(Token, (await _host.Get<ICredentialResolver>().ResolveAsync<ApiToken>(new OrganizationId("acme"), "OPENAI_API_KEY")).Token);
        Assert.Equal(0, (await (await client.GetAsync("deleted")).OkAsync()).GetArrayLength());

        await (await client.PostAsync($"deleted/{card.Id()}/recover", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Impact_NothingAssigned_SaysSo()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("LONELY", Token);
        var impact = await (await client.GetAsync($"{card.Id()}/impact")).OkAsync();
        Assert.Equal(DeletionImpact.NothingAffected, impact.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Recover_WhenAnotherHasTheKey_Is409()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("REUSED", Token);
        await (await client.DeleteAsync(card.Id())).OkAsync();
        await client.CreateTokenAsync("REUSED", "another-token-1");

        var problem = await (await client.PostAsync($"deleted/{card.Id()}/recover", null)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:credentials:problem:key-conflict", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Delete_WhenTheHostsConsumerHandlerFails_Is424AndNothingIsDeleted()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("HANDLED", Token);
        await Assign(client, card.Id(), "skill", "skill-1", "Research");
        _host.ConsumerHandler.Fail = true;

        var response = await client.DeleteAsync(card.Id());
        var problem = await response.ProblemAsync(HttpStatusCode.FailedDependency);

        Assert.Equal("urn:credentials:problem:consumer-failed", problem.GetProperty("type").GetString());
        Assert.Equal("skill", problem.GetProperty("consumerKind").GetString());
        Assert.Equal(["skill-1"], problem.GetProperty("consumerIds").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.DoesNotContain("db.internal", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await (await client.GetAsync(card.Id())).OkAsync();
    }

    internal static async Task Assign(HttpClient client, string id, string kind, string consumerId, string displayName) =>
        await (await client.PostJsonAsync($"{id}/consumers", $$"""{"kind":"{{kind}}","id":"{{consumerId}}","displayName":"{{displayName}}"}""")).OkAsync();
}
