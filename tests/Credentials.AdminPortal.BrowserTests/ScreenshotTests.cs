using System.Net.Http.Json;

namespace Credentials.AdminPortal.BrowserTests;

/// <summary>
/// Screenshots of the main screens: the grid, the add dialog, the delete confirmation and a demo user's personal view. They go to the test's
/// output folder, or to <c>ADMINPORTAL_SCREENSHOTS</c> when set; the README's images are made with
/// <c>ADMINPORTAL_SCREENSHOTS=$PWD/docs/images dotnet test tests/Credentials.AdminPortal.BrowserTests --filter "FullyQualifiedName~Screenshots|FullyQualifiedName~OAuthConnectPageTests"</c>
/// (the connected OAuth card, admin-portal-oauth.png, comes from <see cref="OAuthConnectPageTests"/>).
/// </summary>
public sealed class ScreenshotTests
{
    [SkippableFact]
    public async Task Screenshots_OfTheMainScreens()
    {
        using var session = PortalSession.Start(windowHeight: 1150);
        var folder = Environment.GetEnvironmentVariable("ADMINPORTAL_SCREENSHOTS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        var openAi = await AdminPortalPageTests.CreateAsync(session, "OpenAI production", "OPENAI_API_KEY", "llm_provider", "sk-proj-screenshot-a1b2");
        await AdminPortalPageTests.CreateAsync(session, "GitHub bot", "GITHUB_TOKEN", "mcp_service", "ghp_screenshotToken9c3d");
        await AdminPortalPageTests.CreateAsync(session, "Anthropic", "ANTHROPIC_API_KEY", "llm_provider", "sk-ant-screenshot-77e1");
        var id = openAi.GetProperty("id").GetString()!;
        await session.AssignAsync(id, "llm_configuration", "llm-1", "Prod chat");
        await session.AssignAsync(id, "llm_configuration", "llm-2", "Batch jobs");
        await session.AssignAsync(id, "skill", "skill-7", "Research");
        var browser = session.Browser;
        browser.Open();
        browser.WaitUntil(() => AdminPortalPageTests.CardKeys(browser).Length == 3, "three cards");
        browser.Screenshot(Path.Combine(folder, "admin-portal-grid.png"));

        browser.Click("#add-credential");
        browser.Type("#template-search", "mail");
        browser.Click("#template-list [data-template='gmail-smtp']");
        browser.Type("#v-username", "support@example.com");
        browser.Screenshot(Path.Combine(folder, "admin-portal-add.png"));
        browser.Click("#credential-dialog [data-close]");

        browser.Click("#credential-grid [data-key='OPENAI_API_KEY']");
        browser.WaitUntil(() => browser.FindAll("#consumer-list li").Count == 3, "the consumers");
        browser.Click("#delete");
        browser.WaitUntil(() => browser.IsOpen("#delete-dialog"), "the delete dialog");
        browser.Screenshot(Path.Combine(folder, "admin-portal-delete.png"));
        browser.Click("#delete-dialog [data-close]");
        browser.Click("#credential-dialog [data-close]");

        // Alice's view: her own GitHub token above the organization's shared credentials.
        using (var alice = session.HttpAs("alice"))
        {
            var response = await alice.PostAsync(PortalSession.Api, JsonContent.Create(new { templateId = "github", ownership = "user", fields = new { token = "ghp_screenshotAlice5e6f" } }));
            response.EnsureSuccessStatusCode();
        }

        PersonalCredentialsPageTests.ActAs(browser, "alice");
        browser.Find("#personal-grid [data-key='GITHUB_TOKEN']");
        browser.Screenshot(Path.Combine(folder, "admin-portal-personal.png"));

        foreach (var name in new[] { "admin-portal-grid.png", "admin-portal-add.png", "admin-portal-delete.png", "admin-portal-personal.png" })
        {
            Assert.True(new FileInfo(Path.Combine(folder, name)).Length > 10_000, name);
        }
    }
}
