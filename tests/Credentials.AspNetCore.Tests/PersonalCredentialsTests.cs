using System.Net;
using System.Text.Json;

namespace Credentials.AspNetCore.Tests;

/// <summary>
/// Per-user credentials through the API: two users of one organization (alice and bob) and its administrator (the
/// organization's own context). A user never sees, edits, deletes, recovers or assigns another user's credential; the
/// administrator sees them all with <c>includeAllUsers</c>. No response ever holds a posted secret.
/// </summary>
public sealed class PersonalCredentialsTests : IAsyncLifetime
{
    private const string AliceToken = "ghp_aliceOwnSecretToken1111";
    private const string BobToken = "ghp_bobOwnSecretToken2222";
    private const string SharedToken = "sk-shared-org-secret-3333";
    private const string HijackToken = "ghp_bobHijackAttempt4444";
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync()
    {
        _host.AssertNoResponseContains([AliceToken, BobToken, SharedToken, HijackToken]);
        await _host.DisposeAsync();
    }

    private HttpClient Admin => _host.Client("acme");

    private HttpClient Alice => _host.Client("acme", "alice");

    private HttpClient Bob => _host.Client("acme", "bob");

    [Fact]
    public async Task Create_ForMe_FromATemplate_IsTheUsersOwn_AndEachUserMayHaveTheSameKey()
    {
        var alice = await CreatePersonalGitHubAsync(Alice, AliceToken);
        var bob = await CreatePersonalGitHubAsync(Bob, BobToken);

        Assert.Equal("alice", alice.GetProperty("ownerUserId").GetString());
        Assert.Equal("bob", bob.GetProperty("ownerUserId").GetString());
        Assert.Equal("GITHUB_TOKEN", bob.GetProperty("key").GetString());
        Assert.Equal("github", bob.GetProperty("templateId").GetString());

        var resolver = _host.Get<ICredentialResolver>();
        var org = new OrganizationId("acme");
        Assert.Equal(AliceToken, (await resolver.ResolveAsync<ApiToken>(new CredentialContext(org, "alice"), "GITHUB_TOKEN", ResolveScope.User)).Token);
        Assert.Equal(BobToken, (await resolver.ResolveAsync<ApiToken>(new CredentialContext(org, "bob"), "GITHUB_TOKEN", ResolveScope.User)).Token);
        Assert.Null(await resolver.TryResolveAsync(org, "GITHUB_TOKEN"));
    }

    [Fact]
    public async Task Create_Custom_ForMe_AndShared_FromAUsersRequest()
    {
        var mine = await (await Alice.PostJsonAsync("", $$$"""{"name":"My key","key":"MY_KEY","category":"custom","type":"api_token","ownership":"user","fields":{"token":"{{{AliceToken}}}"}}""")).OkAsync(HttpStatusCode.Created);
        var shared = await (await Alice.PostJsonAsync("", $$$"""{"name":"Team key","key":"TEAM_KEY","category":"custom","type":"api_token","ownership":"organization","fields":{"token":"{{{SharedToken}}}"}}""")).OkAsync(HttpStatusCode.Created);

        Assert.Equal("alice", mine.GetProperty("ownerUserId").GetString());
        Assert.Equal(JsonValueKind.Null, shared.GetProperty("ownerUserId").ValueKind);
        Assert.Equal(["TEAM_KEY"], Keys(await (await Bob.GetAsync("")).OkAsync()));
    }

    [Theory]
    [InlineData("""{"name":"x","key":"X","category":"custom","type":"api_token","ownership":"user","fields":{"token":"t-1"}}""")]
    [InlineData("""{"templateId":"github","ownership":"user","fields":{"token":"t-1"}}""")]
    public async Task Create_ForMe_WithoutAUser_Is422OnOwnership(string body)
    {
        var problem = await (await Admin.PostJsonAsync("", body)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("user", problem.Errors("ownership")[0], StringComparison.Ordinal);
        Assert.Equal(0, (await (await Admin.GetAsync("?includeAllUsers=true")).OkAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Create_UnknownOwnership_Is422()
    {
        var problem = await (await Alice.PostJsonAsync("", """{"templateId":"github","ownership":"team","fields":{"token":"t-1"}}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("organization or user", problem.Errors("ownership")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Default_IsShared_OwnerUserIdIsTheUsersOwn_IncludeAllUsersIsTheAdministrators()
    {
        await Admin.CreateTokenAsync("OPENAI_API_KEY", SharedToken);
        await CreatePersonalGitHubAsync(Alice, AliceToken);
        await CreatePersonalGitHubAsync(Bob, BobToken);

        Assert.Equal(["OPENAI_API_KEY"], Keys(await (await Alice.GetAsync("")).OkAsync()));
        Assert.Equal(["OPENAI_API_KEY"], Keys(await (await Admin.GetAsync("")).OkAsync()));
        var own = await (await Alice.GetAsync("?ownerUserId=alice")).OkAsync();
        Assert.Equal(["GITHUB_TOKEN"], Keys(own));
        Assert.Equal("alice", own.GetProperty("items")[0].GetProperty("ownerUserId").GetString());

        var all = (await (await Admin.GetAsync("?includeAllUsers=true")).OkAsync()).GetProperty("items").EnumerateArray()
            .Select(c => (c.GetProperty("key").GetString(), c.GetProperty("ownerUserId").GetString())).ToArray();
        Assert.Equal(3, all.Length);
        Assert.Contains(("OPENAI_API_KEY", null), all);
        Assert.Contains(("GITHUB_TOKEN", "alice"), all);
        Assert.Contains(("GITHUB_TOKEN", "bob"), all);
        Assert.Equal(["GITHUB_TOKEN"], Keys(await (await Admin.GetAsync("?ownerUserId=bob")).OkAsync()));
        Assert.Equal(2, (await (await Admin.GetAsync("?includeAllUsers=true&q=github")).OkAsync()).GetProperty("items").GetArrayLength());

        // A user may neither list another user's credentials nor take the administrator's view.
        var other = await (await Alice.GetAsync("?ownerUserId=bob")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(other.Errors("owner_user_id"));
        var everyone = await (await Alice.GetAsync("?includeAllUsers=true")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(everyone.Errors("include_all_users"));
        var malformed = await (await Admin.GetAsync("?includeAllUsers=yes")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(malformed.Errors("includeAllUsers"));
    }

    [Fact]
    public async Task AnotherUser_CanNeitherSeeNorTouch_ButTheAdministratorCan()
    {
        var card = await CreatePersonalGitHubAsync(Alice, AliceToken);
        var id = card.Id();
        await (await Alice.PostJsonAsync($"{id}/consumers", """{"kind":"skill","id":"skill-a","displayName":"Alice's skill"}""")).OkAsync();

        // Bob: no card, no form, no impact, no consumers; no update, assign, unassign or delete.
        await (await Bob.GetAsync(id)).ProblemAsync(HttpStatusCode.NotFound);
        await (await Bob.GetAsync($"{id}/edit")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Bob.GetAsync($"{id}/impact")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Bob.GetAsync($"{id}/consumers")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Bob.PutJsonAsync(id, $$$"""{"name":"Hijacked","fields":{"token":"{{{HijackToken}}}"}}""")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Bob.PostJsonAsync($"{id}/consumers", """{"kind":"skill","id":"evil"}""")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Bob.DeleteAsync($"{id}/consumers?kind=skill&consumerId=skill-a")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Bob.DeleteAsync(id)).ProblemAsync(HttpStatusCode.NotFound);
        await (await Bob.PostAsync($"deleted/{id}/recover", null)).ProblemAsync(HttpStatusCode.NotFound);

        var after = await (await Alice.GetAsync(id)).OkAsync();
        Assert.Equal(card.Version(), after.Version());
        Assert.Equal(1, after.GetProperty("usedBy").GetInt32());
        Assert.Equal("alice", after.GetProperty("ownerUserId").GetString());
        var edit = await (await Alice.GetAsync($"{id}/edit")).OkAsync();
        Assert.Equal("alice", edit.GetProperty("ownerUserId").GetString());

        // The administrator sees it and its consumers.
        var seen = await (await Admin.GetAsync(id)).OkAsync();
        Assert.Equal("alice", seen.GetProperty("ownerUserId").GetString());
        Assert.Single((await (await Admin.GetAsync($"{id}/consumers")).OkAsync()).EnumerateArray());

        // Deleted: in alice's bin and the administrator's, not in bob's; bob cannot recover it, alice can.
        await (await Alice.DeleteAsync(id)).OkAsync();
        Assert.Equal(0, (await (await Bob.GetAsync("deleted")).OkAsync()).GetArrayLength());
        Assert.Equal(1, (await (await Alice.GetAsync("deleted")).OkAsync()).GetArrayLength());
        var bin = await (await Admin.GetAsync("deleted")).OkAsync();
        Assert.Equal("alice", bin[0].GetProperty("credential").GetProperty("ownerUserId").GetString());
        await (await Bob.PostAsync($"deleted/{id}/recover", null)).ProblemAsync(HttpStatusCode.NotFound);
        var recovered = await (await Alice.PostAsync($"deleted/{id}/recover", null)).OkAsync();
        Assert.Equal("alice", recovered.GetProperty("ownerUserId").GetString());

        Assert.Equal(AliceToken, (await _host.Get<ICredentialResolver>().ResolveAsync<ApiToken>(new CredentialContext(new OrganizationId("acme"), "alice"), "GITHUB_TOKEN", ResolveScope.User)).Token);

        // Nothing bob received names alice's credential or alice.
        var bobs = _host.ResponseBodiesFor("bob");
        Assert.NotEmpty(bobs);
        Assert.All(bobs, body =>
        {
            Assert.DoesNotContain(id, body, StringComparison.Ordinal);
            Assert.DoesNotContain("alice", body, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task SharedCredential_IsSeenByEveryUser_WithNoOwner()
    {
        var shared = await Admin.CreateTokenAsync("OPENAI_API_KEY", SharedToken);

        var card = await (await Bob.GetAsync(shared.Id())).OkAsync();
        Assert.Equal(JsonValueKind.Null, card.GetProperty("ownerUserId").ValueKind);
        Assert.Equal(["OPENAI_API_KEY"], Keys(await (await Alice.GetAsync("")).OkAsync()));
    }

    private static async Task<JsonElement> CreatePersonalGitHubAsync(HttpClient client, string token) =>
        await (await client.PostJsonAsync("", $$$"""{"templateId":"github","ownership":"user","fields":{"token":"{{{token}}}"}}""")).OkAsync(HttpStatusCode.Created);

    private static string[] Keys(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("key").GetString()!).ToArray();
}
