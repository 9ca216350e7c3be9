using System.Net;

namespace Credentials.AspNetCore.Tests;

public sealed class ErrorMappingTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Integrity_Is500WithoutDetail()
    {
        var client = _host.Client();
        var card = await client.CreateTokenAsync("TAMPERED", "integrity-secret-1");
        _host.StoreFaults.Next = new CredentialIntegrityException("Credential TAMPERED in 'acme' failed authentication under key k-123 (AAD mismatch).");

        var response = await client.GetAsync($"{card.Id()}/edit");
        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);

        Assert.Equal("urn:credentials:problem:integrity", problem.GetProperty("type").GetString());
        Assert.False(problem.TryGetProperty("detail", out var detail) && detail.ValueKind != System.Text.Json.JsonValueKind.Null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("k-123", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AAD", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyOtherLibraryError_Is500WithoutInternals()
    {
        _host.StoreFaults.Next = new CredentialException("The key file '/srv/app/credentials.key' could not be updated (IOException).");

        var response = await _host.Client().GetAsync("");
        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);

        Assert.Equal("urn:credentials:problem:server-error", problem.GetProperty("type").GetString());
        Assert.DoesNotContain("/srv/app", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypeMismatch_Is409()
    {
        _host.StoreFaults.Next = new CredentialTypeMismatchException("OPENAI_API_KEY is an api_token, not smtp.");
        await (await _host.Client().GetAsync("")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ConnectionRequired_Is409ConnectRequired_WithKeyAndTemplate_NeverTheUser()
    {
        _host.StoreFaults.Next = new CredentialConnectionRequiredException("GITHUB_TOKEN", "user-7f3a-someone", "github");

        var response = await _host.Client(user: "user-7f3a-someone").GetAsync("");
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);

        Assert.EndsWith("connect-required", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal("GITHUB_TOKEN", problem.GetProperty("key").GetString());
        Assert.Equal("github", problem.GetProperty("templateId").GetString());
        Assert.DoesNotContain("user-7f3a", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconnectRequired_Is409ReconnectRequired_WithCredentialIdAndKey()
    {
        var id = CredentialId.New();
        _host.StoreFaults.Next = new CredentialReconnectRequiredException(id, "GITHUB_OAUTH");

        var response = await _host.Client().GetAsync("");
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("urn:credentials:problem:reconnect-required", problem.GetProperty("type").GetString());
        Assert.Equal(id.ToString(), problem.GetProperty("credentialId").GetString());
        Assert.Equal("GITHUB_OAUTH", problem.GetProperty("key").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task NoOrganization_Is403OnEveryRoute()
    {
        var client = _host.Client(organization: null);
        const string id = "0190a1b2c3d4e5f60718293a4b5c6d7e";
        var requests = new Func<Task<HttpResponseMessage>>[]
        {
            () => client.GetAsync("templates"),
            () => client.GetAsync("schemas"),
            () => client.GetAsync(""),
            () => client.PostJsonAsync("", "{}"),
            () => client.GetAsync(id),
            () => client.GetAsync(id + "/edit"),
            () => client.PutJsonAsync(id, "{}"),
            () => client.GetAsync(id + "/impact"),
            () => client.DeleteAsync(id),
            () => client.GetAsync("deleted"),
            () => client.PostAsync($"deleted/{id}/recover", null),
            () => client.GetAsync(id + "/consumers"),
            () => client.PostJsonAsync(id + "/consumers", "{}"),
            () => client.DeleteAsync(id + "/consumers?kind=skill&consumerId=x"),
        };
        foreach (var request in requests)
        {
            await (await request()).ProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task MapWithoutAddCredentialsApi_FailsAtStartUpSayingWhatToCall()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ApiHost.StartAsync(addApi: false));
        Assert.Contains("AddCredentialsApi", ex.Message, StringComparison.Ordinal);
    }
}
