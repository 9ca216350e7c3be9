namespace Credentials.AdminPortal.BrowserTests;

/// <summary>The harness itself: a JavaScript error on the page is seen, so the page tests would fail on one.</summary>
public sealed class HarnessTests
{
    [SkippableFact]
    public void JavaScriptErrors_UncaughtRejectedAndConsoleErrors_AreSeen()
    {
        using var session = PortalSession.Start();
        var browser = session.Browser;
        Assert.Empty(browser.JavaScriptErrors());

        browser.Driver.ExecuteScript("setTimeout(() => { throw new Error('boom-uncaught'); }); Promise.reject(new Error('boom-rejected')); console.error('boom-console');");
        browser.WaitUntil(() => browser.JavaScriptErrors().Count >= 3, "the three errors");

        var errors = string.Join("\n", browser.JavaScriptErrors());
        Assert.Contains("boom-uncaught", errors, StringComparison.Ordinal);
        Assert.Contains("boom-rejected", errors, StringComparison.Ordinal);
        Assert.Contains("boom-console", errors, StringComparison.Ordinal);
        browser.ClearJavaScriptErrors();
    }
}
