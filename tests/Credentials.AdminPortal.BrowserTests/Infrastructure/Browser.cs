using System.Collections.ObjectModel;
using System.Diagnostics;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Credentials.AdminPortal.BrowserTests;

/// <summary>
/// Headless Debian Chromium through ChromeDriver, with a fresh profile, the flags this machine needs (no background
/// networking, no QUIC, no sync), and a script injected before every page that records uncaught errors, unhandled
/// rejections and console.error calls, so a test fails on any JavaScript error.
/// </summary>
public sealed class Browser : IDisposable
{
    private const string ErrorRecorder = """
        window.__jsErrors = [];
        window.addEventListener('error', (e) => window.__jsErrors.push('error: ' + (e.message || e.type) + ' at ' + (e.filename || '') + ':' + (e.lineno || 0)));
        window.addEventListener('unhandledrejection', (e) => window.__jsErrors.push('unhandled rejection: ' + (e.reason && (e.reason.stack || e.reason.message) || e.reason)));
        const originalError = console.error;
        console.error = function (...args) { window.__jsErrors.push('console.error: ' + args.map(String).join(' ')); return originalError.apply(console, args); };
        """;

    private readonly string _profile = Directory.CreateTempSubdirectory("adminportal-chrome-").FullName;
    private readonly List<string> _errors = [];

    public Browser(Uri baseAddress, int windowHeight = 900)
    {
        BaseAddress = baseAddress;
        var options = new ChromeOptions { BinaryLocation = BrowserEnvironment.ChromiumPath };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280," + windowHeight.ToString(System.Globalization.CultureInfo.InvariantCulture), "--user-data-dir=" + _profile);
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(BrowserEnvironment.ChromeDriverPath)!, Path.GetFileName(BrowserEnvironment.ChromeDriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.ExecuteCdpCommand("Page.addScriptToEvaluateOnNewDocument", new Dictionary<string, object?> { ["source"] = ErrorRecorder });
    }

    public ChromeDriver Driver { get; }

    public Uri BaseAddress { get; }

    /// <summary>Opens the page and waits until its script has loaded the data.</summary>
    public void Open()
    {
        Driver.Navigate().GoToUrl(BaseAddress);
        WaitUntil(() => (string?)Driver.ExecuteScript("return document.body.dataset.ready") == "true", "the page to load");
    }

    public IWebElement Find(string css) => WaitFor(() => Driver.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed), css);

    public ReadOnlyCollection<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    public IWebElement Active => Driver.SwitchTo().ActiveElement();

    public void Type(string css, string text, bool clear = true)
    {
        var input = Find(css);
        if (clear)
        {
            input.Clear();
        }

        input.SendKeys(text);
    }

    public void Click(string css) => Find(css).Click();

    /// <summary>Chooses an option of a select by value, as a user would (the change event fires).</summary>
    public void Select(string css, string value)
    {
        var select = Find(css);
        Driver.ExecuteScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", select, value);
    }

    public bool IsOpen(string dialogCss) => (bool)Driver.ExecuteScript($"return document.querySelector('{dialogCss}').open")!;

    /// <summary>Whether the focused element is inside the element <paramref name="css"/>.</summary>
    public bool FocusIsInside(string css) => (bool)Driver.ExecuteScript($"return document.querySelector('{css}').contains(document.activeElement)")!;

    /// <summary>Polls until <paramref name="condition"/> holds (20 s: CI runs other test projects beside these).</summary>
    public void WaitUntil(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (StaleElementReferenceException)
            {
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"Timed out waiting for {what}. JavaScript errors: {string.Join("; ", JavaScriptErrors())}");
            }

            Thread.Sleep(50);
        }
    }

    public T WaitFor<T>(Func<T?> find, string what)
        where T : class
    {
        T? found = null;
        WaitUntil(() => (found = find()) is not null, what);
        return found!;
    }

    public void Screenshot(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Driver.GetScreenshot().SaveAsFile(path);
    }

    /// <summary>
    /// The JavaScript errors so far: what the injected recorder saw, and the browser log's SEVERE entries except failed
    /// requests (a 412 or 422 answer is logged as a failed resource, and the page handles those on purpose).
    /// </summary>
    public IReadOnlyList<string> JavaScriptErrors()
    {
        if (Driver.ExecuteScript("return window.__jsErrors || []") is IEnumerable<object> recorded)
        {
            foreach (var entry in recorded)
            {
                var text = entry?.ToString() ?? "";
                if (!_errors.Contains(text))
                {
                    _errors.Add(text);
                }
            }
        }

        foreach (var entry in Driver.Manage().Logs.GetLog(LogType.Browser))
        {
            if (entry.Level == LogLevel.Severe && !entry.Message.Contains("Failed to load resource", StringComparison.Ordinal))
            {
                _errors.Add("browser log: " + entry.Message);
            }
        }

        return _errors;
    }

    /// <summary>Forgets the errors seen so far (for the test that checks this recorder itself).</summary>
    public void ClearJavaScriptErrors()
    {
        // The browser log may trail the recorder by a moment: drain it too.
        Thread.Sleep(300);
        JavaScriptErrors();
        _errors.Clear();
        Driver.ExecuteScript("window.__jsErrors = []");
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
