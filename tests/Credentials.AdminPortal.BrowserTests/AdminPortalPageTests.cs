using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;

namespace Credentials.AdminPortal.BrowserTests;

/// <summary>The seed's "Add a Credential" page in headless Chromium against the sample, one fresh store per test.</summary>
public sealed class AdminPortalPageTests
{
    private const string Grid = "#credential-grid";

    [SkippableFact]
    public async Task AddFromTemplate_CardShowsMaskedSummary_AndTheValueIsStored()
    {
        using var session = PortalSession.Start();
        var browser = session.Browser;

        browser.Click("#template-grid [data-template='openai']");
        Assert.True(browser.IsOpen("#credential-dialog"));
        Assert.Equal("OpenAI API Key", browser.Find("#f-name").GetDomProperty("value"));
        Assert.Equal("OPENAI_API_KEY", browser.Find("#f-key").GetDomProperty("value"));
        Assert.False(browser.Find("#f-type").Enabled);
        Assert.Equal("v-token", browser.Active.GetDomAttribute("id"));
        Assert.Equal("password", browser.Find("#v-token").GetDomAttribute("type"));
        browser.Type("#v-token", "sk-proj-browser-template-a1b2");
        browser.Click("#save");

        var card = browser.Find($"{Grid} [data-key='OPENAI_API_KEY']");
        Assert.False(browser.IsOpen("#credential-dialog"));
        Assert.Contains("••••", card.Text, StringComparison.Ordinal);
        Assert.Contains("Used by 0", card.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-proj-browser", browser.Driver.PageSource, StringComparison.Ordinal);
        Assert.Equal("sk-proj-browser-template-a1b2", (await session.ResolveAsync<ApiToken>("OPENAI_API_KEY")).Token);
    }

    [SkippableFact]
    public async Task AddDialog_TemplateSearch_ThenCreate()
    {
        using var session = PortalSession.Start();
        var browser = session.Browser;

        browser.Click("#add-credential");
        Assert.True(browser.IsOpen("#credential-dialog"));
        Assert.Equal("template-search", browser.Active.GetDomAttribute("id"));
        var all = browser.FindAll("#template-list [data-template]").Count;
        browser.Type("#template-search", "github");
        browser.WaitUntil(() => browser.FindAll("#template-list [data-template]").Count is > 0 and < 5 && browser.FindAll("#template-list [data-template='github']").Count == 1, "the template list to filter");
        Assert.True(all > 20);
        browser.Click("#template-list [data-template='github']");
        browser.Type("#v-token", "ghp_browserSearchToken123");
        browser.Click("#save");

        browser.Find($"{Grid} [data-key='GITHUB_TOKEN']");
        Assert.Equal("ghp_browserSearchToken123", (await session.ResolveAsync<ApiToken>("GITHUB_TOKEN")).Token);
    }

    [SkippableFact]
    public async Task AddYourOwn_TypeSelectorSwapsTheFields_AndWarningsShow()
    {
        using var session = PortalSession.Start();
        var browser = session.Browser;

        browser.Click("#add-own");
        Assert.Equal("f-name", browser.Active.GetDomAttribute("id"));
        Assert.NotEmpty(browser.FindAll("#v-token"));
        browser.Select("#f-type", "smtp");
        browser.WaitUntil(() => browser.FindAll("#v-host").Count == 1 && browser.FindAll("#v-token").Count == 0, "the SMTP fields");
        Assert.Equal("587", browser.Find("#v-port").GetDomProperty("value"));
        Assert.Equal("starttls", browser.Find("#v-encryption").GetDomProperty("value"));

        browser.Type("#f-name", "Support mail");
        browser.Type("#f-key", "SUPPORT_SMTP");
        browser.Select("#f-category", "communication");
        browser.Type("#v-host", "smtp.example.com");
        browser.Type("#v-port", "465");
        browser.Type("#v-username", "support@example.com");
        browser.Type("#v-password", "browser-smtp-password-1");
        browser.Click("#save");

        // Port 465 with STARTTLS is unusual but valid: saved, and the dialog stays open with the warning.
        var warnings = browser.Find("#warnings");
        Assert.Contains("port", warnings.Text, StringComparison.Ordinal);
        browser.Find($"{Grid} [data-key='SUPPORT_SMTP']");
        Assert.Equal("", browser.Find("#v-password").GetDomProperty("value"));
        var smtp = await session.ResolveAsync<Smtp>("SUPPORT_SMTP");
        Assert.Equal(("smtp.example.com", 465, "browser-smtp-password-1"), (smtp.Host, smtp.Port, smtp.Password));

        browser.Active.SendKeys(Keys.Escape);
        browser.WaitUntil(() => !browser.IsOpen("#credential-dialog"), "the dialog to close on Escape");
        Assert.Contains("Email (SMTP)", browser.Find($"{Grid} [data-key='SUPPORT_SMTP']").Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task CreateErrors_ShowNextToTheirFields()
    {
        using var session = PortalSession.Start();
        var browser = session.Browser;

        browser.Click("#add-own");
        browser.Type("#f-name", "Broken");
        browser.Type("#f-key", "lower case");
        browser.Click("#save");

        var keyError = browser.Find("#f-key-error");
        Assert.Contains("upper-case", keyError.Text, StringComparison.Ordinal);
        Assert.Equal("true", browser.Find("#f-key").GetDomAttribute("aria-invalid"));
        Assert.NotEmpty(browser.Find("#v-token-error").Text);
        Assert.True(browser.IsOpen("#credential-dialog"));
        await Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Search_And_CategoryFilter_NarrowTheGrid()
    {
        using var session = PortalSession.Start();
        await CreateAsync(session, "OpenAI prod", "OPENAI_API_KEY", "llm_provider", "sk-search-1");
        await CreateAsync(session, "GitHub bot", "GITHUB_TOKEN", "mcp_service", "ghp_search2");
        await CreateAsync(session, "Runner", "RUNNER_TOKEN", "runtime", "run-search-3");
        var browser = session.Browser;
        browser.Open();
        browser.WaitUntil(() => CardKeys(browser).Length == 3, "three cards");

        browser.Type("#search", "github");
        browser.WaitUntil(() => CardKeys(browser).SequenceEqual(["GITHUB_TOKEN"]), "the search to narrow the grid");

        browser.Find("#search").Clear();
        browser.Find("#search").SendKeys(" ");
        browser.Select("#category-filter", "runtime");
        browser.WaitUntil(() => CardKeys(browser).SequenceEqual(["RUNNER_TOKEN"]), "the category filter");
        Assert.All(browser.FindAll("#template-grid [data-template]"), t => Assert.DoesNotContain("OpenAI", t.Text, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Edit_BlankSecretKeepsTheStoredValue()
    {
        using var session = PortalSession.Start();
        await CreateAsync(session, "OpenAI prod", "OPENAI_API_KEY", "llm_provider", "sk-edit-keep-me-9f8e");
        var browser = session.Browser;
        browser.Open();

        var card = browser.Find($"{Grid} [data-key='OPENAI_API_KEY']");
        card.Click();
        browser.WaitUntil(() => browser.IsOpen("#credential-dialog"), "the edit dialog");
        Assert.Equal("", browser.Find("#v-token").GetDomProperty("value"));
        Assert.Contains("Value stored", browser.Find("#v-token-hint").Text, StringComparison.Ordinal);
        Assert.Equal("Update", browser.Find("#save").Text);
        browser.Type("#f-name", "OpenAI production");
        browser.Click("#save");

        browser.WaitUntil(() => !browser.IsOpen("#credential-dialog"), "the dialog to close");
        browser.WaitUntil(() => browser.Find($"{Grid} [data-key='OPENAI_API_KEY']").Text.Contains("OpenAI production", StringComparison.Ordinal), "the renamed card");
        Assert.Equal("OPENAI_API_KEY", browser.Active.GetDomAttribute("data-key"));
        Assert.Equal("sk-edit-keep-me-9f8e", (await session.ResolveAsync<ApiToken>("OPENAI_API_KEY")).Token);
        Assert.Equal("OpenAI production", (await session.CardAsync("OPENAI_API_KEY")).GetProperty("name").GetString());
    }

    [SkippableFact]
    public async Task StaleEdit_ShowsTheConflict_AndReloadsTheLatest()
    {
        using var session = PortalSession.Start();
        var created = await CreateAsync(session, "OpenAI prod", "OPENAI_API_KEY", "llm_provider", "sk-stale-1");
        var browser = session.Browser;
        browser.Open();
        browser.Click($"{Grid} [data-key='OPENAI_API_KEY']");
        browser.WaitUntil(() => browser.IsOpen("#credential-dialog"), "the edit dialog");

        // Someone else renames it meanwhile.
        var id = created.GetProperty("id").GetString();
        var other = await session.Http.PutAsJsonAsync($"{PortalSession.Api}{id}", new { name = "Renamed elsewhere" });
        other.EnsureSuccessStatusCode();

        browser.Type("#f-name", "My rename");
        browser.Click("#save");

        var error = browser.Find("#form-error");
        Assert.Contains("changed by someone else", error.Text, StringComparison.Ordinal);
        Assert.True(browser.IsOpen("#credential-dialog"));
        Assert.Equal("Renamed elsewhere", (await session.CardAsync("OPENAI_API_KEY")).GetProperty("name").GetString());

        browser.Click("#reload-latest");
        browser.WaitUntil(() => browser.IsOpen("#credential-dialog") && (string?)browser.Find("#f-name").GetDomProperty("value") == "Renamed elsewhere", "the latest version");
    }

    [SkippableFact]
    public async Task Delete_ShowsTheImpact_ThenRecover()
    {
        using var session = PortalSession.Start();
        var created = await CreateAsync(session, "OpenAI prod", "OPENAI_API_KEY", "llm_provider", "sk-delete-1");
        var id = created.GetProperty("id").GetString()!;
        await session.AssignAsync(id, "llm_configuration", "llm-2", "Batch jobs");
        await session.AssignAsync(id, "skill", "skill-7", "Research");
        var browser = session.Browser;
        browser.Open();
        Assert.Contains("Used by 2", browser.Find($"{Grid} [data-key='OPENAI_API_KEY']").Text, StringComparison.Ordinal);

        // One more consumer from the page itself.
        browser.Click($"{Grid} [data-key='OPENAI_API_KEY']");
        browser.WaitUntil(() => browser.FindAll("#consumer-list li").Count == 2, "the consumer list");
        browser.Select("#c-kind", "llm_configuration");
        browser.Type("#c-id", "llm-1");
        browser.Type("#c-name", "Prod chat");
        browser.Click("#assign");
        browser.WaitUntil(() => browser.FindAll("#consumer-list li").Count == 3, "the new consumer");

        browser.Click("#delete");
        browser.WaitUntil(() => browser.IsOpen("#delete-dialog"), "the delete dialog");
        Assert.Equal("2 LLM configs unlinked, 1 skill updated", browser.Find("#delete-impact").Text);
        Assert.Equal("confirm-delete", browser.Active.GetDomAttribute("id"));
        browser.Click("#confirm-delete");

        browser.WaitUntil(() => !browser.IsOpen("#delete-dialog") && !browser.IsOpen("#credential-dialog"), "the dialogs to close");
        browser.WaitUntil(() => CardKeys(browser).Length == 0, "the card to go");
        var deleted = browser.Find($"#deleted-list [data-id='{id}']");
        Assert.Contains("OPENAI_API_KEY", deleted.Text, StringComparison.Ordinal);

        browser.Click($"#deleted-list [data-id='{id}'] button.recover");
        var card = browser.Find($"{Grid} [data-key='OPENAI_API_KEY']");
        Assert.Contains("Used by 3", card.Text, StringComparison.Ordinal);
        browser.WaitUntil(() => browser.FindAll("#deleted-list [data-id]").Count == 0, "the deleted list to empty");
        Assert.Equal("sk-delete-1", (await session.ResolveAsync<ApiToken>("OPENAI_API_KEY")).Token);
    }

    [SkippableFact]
    public void Dialog_TrapsFocus_EscapeCloses_AndFocusReturns()
    {
        using var session = PortalSession.Start();
        var browser = session.Browser;

        browser.Click("#add-credential");
        Assert.True(browser.FocusIsInside("#credential-dialog"));
        for (var i = 0; i < 25; i++)
        {
            browser.Active.SendKeys(Keys.Tab);
            Assert.True(browser.FocusIsInside("#credential-dialog"), $"Tab {i + 1} left the dialog");
        }

        for (var i = 0; i < 5; i++)
        {
            browser.Active.SendKeys(Keys.Shift + Keys.Tab);
            Assert.True(browser.FocusIsInside("#credential-dialog"), $"Shift+Tab {i + 1} left the dialog");
        }

        browser.Active.SendKeys(Keys.Escape);
        browser.WaitUntil(() => !browser.IsOpen("#credential-dialog"), "Escape to close the dialog");
        Assert.Equal("add-credential", browser.Active.GetDomAttribute("id"));

        // Every input of the form has a label.
        browser.Click("#add-own");
        var unlabelled = (long)browser.Driver.ExecuteScript(
            "return [...document.querySelectorAll('#credential-dialog input, #credential-dialog select, #credential-dialog textarea')].filter(i => !i.closest('[hidden]') && i.labels.length === 0).length")!;
        Assert.Equal(0, unlabelled);
        browser.Click("#credential-dialog [data-close]");
        browser.WaitUntil(() => !browser.IsOpen("#credential-dialog"), "Close to close the dialog");
        Assert.Equal("add-own", browser.Active.GetDomAttribute("id"));
    }

    internal static async Task<JsonElement> CreateAsync(PortalSession session, string name, string key, string category, string token)
    {
        var response = await session.Http.PostAsJsonAsync(PortalSession.Api, new { name, key, category, type = "api_token", fields = new { token } });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static string[] CardKeys(Browser browser) =>
        browser.FindAll($"{Grid} [data-key]").Select(c => c.GetDomAttribute("data-key")!).ToArray();
}
