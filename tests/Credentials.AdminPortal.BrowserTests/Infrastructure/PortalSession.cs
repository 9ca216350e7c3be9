using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.AdminPortal.BrowserTests;

/// <summary>
/// One test's world: the sample in a scratch folder, a browser on it, and an HTTP client on its API (to set up consumers
/// and to change a credential behind the page's back). Disposing it fails the test on any JavaScript error.
/// </summary>
public sealed class PortalSession : IDisposable
{
    public const string Api = "api/credentials/";

    private PortalSession(AdminPortalProcess portal, Browser browser)
    {
        Portal = portal;
        Browser = browser;
        Http = new HttpClient { BaseAddress = portal.BaseAddress };
    }

    public AdminPortalProcess Portal { get; }

    public Browser Browser { get; }

    public HttpClient Http { get; }

    /// <param name="windowHeight">The browser window's height.</param>
    /// <param name="oauth">Starts the sample with OAuth Connect on (see <see cref="AdminPortalProcess.Start(bool)"/>).</param>
    public static PortalSession Start(int windowHeight = 900, bool oauth = false)
    {
        BrowserEnvironment.RequireBrowser();
        var portal = AdminPortalProcess.Start(oauth);
        try
        {
            var browser = new Browser(portal.BaseAddress, windowHeight);
            var session = new PortalSession(portal, browser);
            browser.Open();
            return session;
        }
        catch
        {
            portal.Dispose();
            throw;
        }
    }

    public async Task<JsonElement> CardAsync(string key)
    {
        var page = await Http.GetFromJsonAsync<JsonElement>(Api + "?q=" + Uri.EscapeDataString(key));
        return page.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("key").GetString() == key);
    }

    public async Task AssignAsync(string id, string kind, string consumerId, string displayName)
    {
        var response = await Http.PostAsJsonAsync($"{Api}{id}/consumers", new { kind, id = consumerId, displayName });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A client on the sample's API acting for a demo user (the sample's <c>X-Demo-User</c> header).</summary>
    public HttpClient HttpAs(string user)
    {
        var client = new HttpClient { BaseAddress = Portal.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Demo-User", user);
        return client;
    }

    /// <summary>Opens the sample's store the way the sample does (same SQLite file, same key file) and resolves a shared key.</summary>
    public Task<T> ResolveAsync<T>(string key)
        where T : CredentialSecret =>
        ResolveAsync<T>(key, null);

    /// <summary>Resolves <paramref name="key"/> as the sample's store holds it: a user's own (<paramref name="user"/>), or the shared one.</summary>
    public async Task<T> ResolveAsync<T>(string key, string? user)
        where T : CredentialSecret
    {
        var services = new ServiceCollection();
        services.AddCredentials()
            .UseSqlite($"Data Source={Path.Combine(Portal.Folder, "credentials.db")}")
            .UseKeyFile(Path.Combine(Portal.Folder, "credentials.key"));
        await using var provider = services.BuildServiceProvider();
        var resolver = provider.GetRequiredService<ICredentialResolver>();
        var organization = new OrganizationId("demo");
        return user is null
            ? await resolver.ResolveAsync<T>(organization, key)
            : await resolver.ResolveAsync<T>(new CredentialContext(organization, user), key, ResolveScope.User);
    }

    public void Dispose()
    {
        try
        {
            var errors = Browser.JavaScriptErrors();
            Assert.True(errors.Count == 0, "JavaScript errors on the page:\n" + string.Join("\n", errors));
        }
        finally
        {
            Http.Dispose();
            Browser.Dispose();
            Portal.Dispose();
        }
    }
}
