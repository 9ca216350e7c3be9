using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Credentials.AdminPortal.BrowserTests;

/// <summary>
/// The page's demo switch between the organization (admin) and demo users, personal credentials, and the edit form's
/// destination rule, in headless Chromium against the sample.
/// </summary>
public sealed class PersonalCredentialsPageTests
{
    [SkippableFact]
    public async Task PersonalCredential_OfAlice_IsNotSeenByBob_AndTheAdministratorSeesItWithItsOwner()
    {
        using var session = PortalSession.Start();
        var browser = session.Browser;
        await AdminPortalPageTests.CreateAsync(session, "OpenAI shared", "OPENAI_API_KEY", "llm_provider", "sk-shared-personal-test-1");
        browser.Open();

        // Alice adds her own GitHub token from the template; "only me" is the default for a user.
        ActAs(browser, "alice");
        browser.Click("#template-grid [data-template='github']");
        Assert.True(browser.Find("#own-user").Selected);
        Assert.True((bool)browser.Driver.ExecuteScript("return document.getElementById('f-key').readOnly")!);
        Assert.False(browser.Find("#f-category").Enabled);
        browser.Type("#v-token", "ghp_alicePersonalBrowser1");
        browser.Click("#save");
        var card = browser.Find("#personal-grid [data-key='GITHUB_TOKEN']");
        Assert.Contains("Personal", card.Text, StringComparison.Ordinal);
        Assert.Equal("alice", card.GetDomAttribute("data-owner"));
        var id = card.GetDomAttribute("data-id")!;
        Assert.Empty(browser.FindAll("#credential-grid [data-key='GITHUB_TOKEN']"));
        Assert.Single(browser.FindAll("#credential-grid [data-key='OPENAI_API_KEY']"));
        Assert.Equal("ghp_alicePersonalBrowser1", (await session.ResolveAsync<ApiToken>("GITHUB_TOKEN", "alice")).Token);

        // Bob sees the shared credential and nothing of alice's.
        ActAs(browser, "bob");
        browser.WaitUntil(() => browser.FindAll("#personal-grid [data-key]").Count == 0 && browser.FindAll("#credential-grid [data-key='OPENAI_API_KEY']").Count == 1, "bob's view");
        Assert.Empty(browser.FindAll("[data-key='GITHUB_TOKEN']"));
        Assert.DoesNotContain(id, browser.Driver.PageSource, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_alice", browser.Driver.PageSource, StringComparison.Ordinal);
        using (var bob = session.HttpAs("bob"))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"{PortalSession.Api}{id}")).StatusCode);
            var own = await bob.GetFromJsonAsync<JsonElement>($"{PortalSession.Api}?ownerUserId=bob");
            Assert.Equal(0, own.GetProperty("items").GetArrayLength());
        }

        // The organization (admin): shared by default; with every user's credentials, alice's card names her.
        ActAs(browser, "");
        browser.WaitUntil(() => AdminPortalPageTests.CardKeys(browser).SequenceEqual(["OPENAI_API_KEY"]), "the administrator's shared view");
        Assert.False(browser.Find("#include-all-users").Selected);
        browser.Click("#include-all-users");
        var alices = browser.Find("#credential-grid [data-key='GITHUB_TOKEN'][data-owner='alice']");
        Assert.Contains("Personal · alice", alices.Text, StringComparison.Ordinal);
        Assert.Contains("personal credential of alice", alices.GetDomAttribute("aria-label"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Edit_ChangingADestination_AsksForTheStoredSecretAgain()
    {
        using var session = PortalSession.Start();
        var response = await session.Http.PostAsJsonAsync(PortalSession.Api, new
        {
            name = "Support mail",
            key = "SUPPORT_SMTP",
            category = "communication",
            type = "smtp",
            fields = new { host = "smtp.example.com", port = "587", username = "support", password = "smtp-destination-pass-1", encryption = "starttls" },
        });
        response.EnsureSuccessStatusCode();
        var browser = session.Browser;
        browser.Open();
        browser.Click("#credential-grid [data-key='SUPPORT_SMTP']");
        browser.WaitUntil(() => browser.IsOpen("#credential-dialog"), "the edit dialog");
        Assert.All(browser.FindAll("#destination-note"), n => Assert.False(n.Displayed));

        browser.Type("#v-host", "smtp.elsewhere.example");
        var note = browser.Find("#destination-note");
        Assert.Contains("Password", note.Text, StringComparison.Ordinal);
        Assert.Contains("again", browser.Find("#v-password-hint").Text, StringComparison.Ordinal);
        Assert.Equal("true", browser.Find("#v-password").GetDomAttribute("aria-required"));

        // Back to the stored host: nothing to re-enter.
        browser.Type("#v-host", "smtp.example.com");
        browser.WaitUntil(() => browser.FindAll("#destination-note").All(n => !n.Displayed), "the note to go");
        Assert.Contains("Leave blank to keep it", browser.Find("#v-password-hint").Text, StringComparison.Ordinal);

        // Saved with the password blank: the API's 422 shows next to the password.
        browser.Type("#v-host", "smtp.elsewhere.example");
        browser.Click("#save");
        var error = browser.Find("#v-password-error");
        Assert.Contains("entered again", error.Text, StringComparison.Ordinal);
        Assert.True(browser.IsOpen("#credential-dialog"));
        Assert.Equal("smtp.example.com", (await session.ResolveAsync<Smtp>("SUPPORT_SMTP")).Host);

        browser.Type("#v-password", "smtp-destination-pass-2");
        browser.Click("#save");
        browser.WaitUntil(() => !browser.IsOpen("#credential-dialog"), "the dialog to close");
        var smtp = await session.ResolveAsync<Smtp>("SUPPORT_SMTP");
        Assert.Equal(("smtp.elsewhere.example", "smtp-destination-pass-2"), (smtp.Host, smtp.Password));
    }

    /// <summary>Switches "Viewing as" and waits until the page has loaded that view.</summary>
    internal static void ActAs(Browser browser, string user)
    {
        browser.Select("#acting-as", user);
        var expected = user.Length == 0 ? "Viewing as the organization" : $"Viewing as {user}";
        browser.WaitUntil(() => browser.Find("#status").Text.StartsWith(expected, StringComparison.Ordinal), "the view of " + (user.Length == 0 ? "the organization" : user));
    }
}
