using System.Net;

namespace Credentials.AspNetCore.Tests;

public sealed class ConsumerEndpointsTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AssignListUnassign_RoundTrip()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("USED", "consumer-secret-1");

        var afterAssign = await (await client.PostJsonAsync($"{card.Id()}/consumers", """{"kind":"llm_configuration","id":"llm-1","displayName":"Prod chat"}""")).OkAsync();
        var consumer = Assert.Single(afterAssign.EnumerateArray());
        Assert.Equal(("llm_configuration", "LLM config", "llm-1", "Prod chat"),
            (consumer.GetProperty("kind").GetString(), consumer.GetProperty("kindLabel").GetString(), consumer.GetProperty("id").GetString(), consumer.GetProperty("displayName").GetString()));
        await (await client.PostJsonAsync($"{card.Id()}/consumers", """{"kind":"runtime","id":"rt-1"}""")).OkAsync();

        Assert.Equal(2, (await (await client.GetAsync($"{card.Id()}/consumers")).OkAsync()).GetArrayLength());
        Assert.Equal(2, (await (await client.GetAsync(card.Id())).OkAsync()).GetProperty("usedBy").GetInt32());

        var afterUnassign = await (await client.DeleteAsync($"{card.Id()}/consumers?kind=runtime&consumerId=rt-1")).OkAsync();
        Assert.Single(afterUnassign.EnumerateArray());
        await (await client.DeleteAsync($"{card.Id()}/consumers?kind=runtime&consumerId=rt-1")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Assign_UnknownKindOrMissingId_Is422()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("USED", "consumer-secret-1");

        var problem = await (await client.PostJsonAsync($"{card.Id()}/consumers", """{"kind":"workflow","id":""}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(problem.Errors("consumer.kind"));
        Assert.NotEmpty(problem.Errors("consumer.id"));
        await (await client.DeleteAsync($"{card.Id()}/consumers?kind=nope&consumerId=x")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Assign_UnknownCredential_Is404()
    {
        await (await _host.Client().PostJsonAsync("0190a1b2c3d4e5f60718293a4b5c6d7e/consumers", """{"kind":"skill","id":"s"}""")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
