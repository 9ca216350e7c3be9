using System.Reflection;

namespace Credentials.AdminPortal.BrowserTests;

/// <summary>
/// Where the browser tests find Debian's Chromium and ChromeDriver (<c>/usr/bin/chromium</c>, <c>/usr/bin/chromedriver</c>,
/// or <c>CHROMIUM_PATH</c> / <c>CHROMEDRIVER_PATH</c>) and the built sample. Without a browser the tests are skipped
/// locally, with a message saying how to install one, and fail under <c>CI=true</c>: CI can never pass by skipping them.
/// </summary>
public static class BrowserEnvironment
{
    public const string InstallHint = "install them with: bash .ci/install-browser-test-deps.sh (Debian packages chromium and chromium-driver)";

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string ChromeDriverPath => Environment.GetEnvironmentVariable("CHROMEDRIVER_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromedriver";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string AdminPortalDll => Metadata("AdminPortalDll");

    public static string RepositoryRoot => Path.GetFullPath(Metadata("RepositoryRoot"));

    /// <summary>What is missing, or null when the tests can run.</summary>
    public static string? Missing
    {
        get
        {
            var missing = new List<string>();
            if (!File.Exists(ChromiumPath))
            {
                missing.Add(ChromiumPath);
            }

            if (!File.Exists(ChromeDriverPath))
            {
                missing.Add(ChromeDriverPath);
            }

            return missing.Count == 0 ? null : "No " + string.Join(" and no ", missing);
        }
    }

    /// <summary>Skips (locally) or fails (CI) when the browser is missing.</summary>
    public static void RequireBrowser()
    {
        if (Missing is not { } missing)
        {
            return;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"{missing}: with CI=true the browser tests fail instead of skipping; {InstallHint}.");
        }

        Skip.If(true, $"{missing}; to run the browser tests, {InstallHint}.");
    }

    private static string Metadata(string key) =>
        typeof(BrowserEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
