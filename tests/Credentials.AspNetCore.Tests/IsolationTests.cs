using System.Net;

namespace Credentials.AspNetCore.Tests;

/// <summary>Two organizations resolved from a header: one never sees or touches the other's credentials through the API.</summary>
public sealed class IsolationTests : IAsyncLifetime
{
    private const string AcmeToken = "sk-acme-only-secret-1111";
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync()
    {
        _host.AssertNoResponseContains([AcmeToken, "sk-globex-secret-2222"]);
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task AnotherOrganization_CanNeitherSeeNorTouch()
    {
        var acme = _host.Client("acme");
        var globex = _host.Client("globex");
        var card = await acme.CreateTokenAsync("OPENAI_API_KEY", AcmeToken);
        await DeletionEndpointsTests.Assign(acme, card.Id(), "skill", "skill-1", "Research");
        var id = card.Id();

        // Globex sees nothing: no card, no count, no form, no impact, no consumers, nothing deleted.
        Assert.Equal(0, (await (await globex.GetAsync("")).OkAsync()).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await (await globex.GetAsync("?q=OPENAI")).OkAsync()).GetProperty("items").GetArrayLength());
        await (await globex.GetAsync(id)).ProblemAsync(HttpStatusCode.NotFound);
        await (await globex.GetAsync($"{id}/edit")).ProblemAsync(HttpStatusCode.NotFound);
        await (await globex.GetAsync($"{id}/impact")).ProblemAsync(HttpStatusCode.NotFound);
        await (await globex.GetAsync($"{id}/consumers")).ProblemAsync(HttpStatusCode.NotFound);

        // ...and touches nothing: update, assign, unassign, delete and recover all answer "no such credential".
        await (await globex.PutJsonAsync(id, """{"name":"Hijacked","fields":{"token":"sk-globex-secret-2222"}}""")).ProblemAsync(HttpStatusCode.NotFound);
        await (await globex.PostJsonAsync($"{id}/consumers", """{"kind":"skill","id":"evil"}""")).ProblemAsync(HttpStatusCode.NotFound);
        await (await globex.DeleteAsync($"{id}/consumers?kind=skill&consumerId=skill-1")).ProblemAsync(HttpStatusCode.NotFound);
        await (await globex.DeleteAsync(id)).ProblemAsync(HttpStatusCode.NotFound);
        await (await globex.PostAsync($"deleted/{id}/recover", null)).ProblemAsync(HttpStatusCode.NotFound);

        // Globex may use the same key for its own credential.
        await globex.CreateTokenAsync("OPENAI_API_KEY", "sk-globex-secret-2222");

        var after = await (await acme.GetAsync(id)).OkAsync();
        Assert.Equal(card.GetProperty("name").GetString(), after.GetProperty("name").GetString());
        Assert.Equal(card.Version(), after.Version());
        Assert.Equal(1, after.GetProperty("usedBy").GetInt32());
        Assert.Equal(AcmeToken, (await _host.Get<ICredentialResolver>().ResolveAsync<ApiToken>(new OrganizationId("acme"), "OPENAI_API_KEY")).Token);

        // A deleted credential of acme is not in globex's bin, and globex cannot recover it.
        await (await acme.DeleteAsync(id)).OkAsync();
        Assert.Equal(0, (await (await globex.GetAsync("deleted")).OkAsync()).GetArrayLength());
        await (await globex.PostAsync($"deleted/{id}/recover", null)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, (await (await acme.GetAsync("deleted")).OkAsync()).GetArrayLength());
    }
}
