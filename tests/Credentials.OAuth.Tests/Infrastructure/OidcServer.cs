using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Credentials.OAuth.Tests;

/// <summary>
/// The real authorization server (npm oidc-provider 9.13.3 under node, OidcServer/server.mjs) on 127.0.0.1 and a random
/// port, shared by every test of the collection. Tests fail under CI=true when it cannot start, and skip otherwise.
/// Also linked into tests/Credentials.AspNetCore.Tests and tests/Credentials.AdminPortal.BrowserTests (the same server and
/// node_modules, from this project's OidcServer folder), which register clients with their own redirect URIs, and whose
/// browser test starts it interactive: login and consent as HTML forms instead of finishing by themselves.
/// </summary>
public sealed class OidcServer : IDisposable
{
    public const string InstallHint = "run: bash .ci/install-oauth-test-deps.sh (installs Node.js if missing and the npm package oidc-provider)";
    public static readonly Uri RedirectUri = new("http://127.0.0.1:1/callback");

    private readonly Process? _process;
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    public OidcServer()
        : this(interactive: false)
    {
    }

    /// <param name="interactive">
    /// Whether GET /interaction/:uid shows forms (a login field with "Sign in"; "Allow" and "Deny" for consent) that a
    /// browser submits, instead of logging in "user-1" and granting by itself.
    /// </param>
    internal OidcServer(bool interactive)
    {
        try
        {
            _process = Start(interactive, out var port);
            Issuer = $"http://127.0.0.1:{port}";
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or JsonException or TimeoutException)
        {
            StartError = ex.Message;
            Issuer = "http://127.0.0.1:1";
        }
    }

    public string Issuer { get; }

    public string TokenEndpoint => Issuer + "/token";

    public string AuthorizationEndpoint => Issuer + "/auth";

    public string Resource => Issuer + "/mcp";

    public string? StartError { get; }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fails under CI=true, skips otherwise, when the server did not start.</summary>
    public void RequireOrSkip()
    {
        if (StartError is null)
        {
            return;
        }

        Assert.False(IsCi, $"The test authorization server did not start and CI=true: {StartError}. To fix, {InstallHint}");
        Skip.If(true, $"The test authorization server did not start ({StartError}); to run these tests, {InstallHint}");
    }

    /// <summary>Registers a confidential client directly at the server (RFC 7591), one per test so counts do not mix.</summary>
    public Task<(string ClientId, string ClientSecret)> RegisterClientAsync(params string[] grantTypes) => RegisterClientAsync("client_secret_basic", grantTypes);

    /// <summary>Registers a confidential client that authenticates at the token endpoint with <paramref name="authMethod"/>.</summary>
    public Task<(string ClientId, string ClientSecret)> RegisterClientAsync(string authMethod, string[] grantTypes) => RegisterClientAsync(authMethod, grantTypes, RedirectUri);

    /// <summary>Registers a confidential client with <paramref name="redirectUri"/> as its one redirect URI (a host's callback).</summary>
    public async Task<(string ClientId, string ClientSecret)> RegisterClientAsync(string authMethod, string[] grantTypes, Uri redirectUri)
    {
        grantTypes = grantTypes.Length == 0 ? ["authorization_code", "refresh_token"] : grantTypes;
        var body = new Dictionary<string, object>
        {
            ["token_endpoint_auth_method"] = authMethod,
            ["redirect_uris"] = grantTypes.Contains("authorization_code") ? new[] { redirectUri.ToString() } : Array.Empty<string>(),
            ["grant_types"] = grantTypes,
            ["response_types"] = grantTypes.Contains("authorization_code") ? new[] { "code" } : Array.Empty<string>(),
        };
        using var response = await _http.PostAsJsonAsync(Issuer + "/reg", body);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("client_id").GetString()!, json.RootElement.GetProperty("client_secret").GetString()!);
    }

    /// <summary>Plays the browser: follows the authorization URL through login and consent to the redirect, returns its query.</summary>
    public async Task<OAuthCallback> AuthorizeAsync(Uri authorizationUrl)
    {
        var url = await FollowToRedirectAsync(authorizationUrl, RedirectUri);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        return new OAuthCallback(query["state"] ?? "", query["code"], query["error"], query["error_description"]);
    }

    /// <summary>
    /// Plays the browser through the server's login and consent (the non-interactive server's /interaction/:uid finishes by
    /// itself) and returns the redirect to <paramref name="redirectUri"/>, query and all, without following it.
    /// </summary>
    public async Task<Uri> FollowToRedirectAsync(Uri authorizationUrl, Uri redirectUri)
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true });
        var url = authorizationUrl;
        for (var hop = 0; hop < 12; hop++)
        {
            using var response = await browser.GetAsync(url);
            var location = response.Headers.Location ?? throw new InvalidOperationException($"No redirect from {url.AbsolutePath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            url = location.IsAbsoluteUri ? location : new Uri(url, location);
            if (url.GetLeftPart(UriPartial.Path) == redirectUri.GetLeftPart(UriPartial.Path))
            {
                return url;
            }
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>Token-endpoint calls of a client, by grant type, counted by the server.</summary>
    public async Task<int> CountAsync(string clientId, string grantType)
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync($"{Issuer}/test/counts?client_id={Uri.EscapeDataString(clientId)}"));
        return json.RootElement.TryGetProperty(grantType, out var count) ? count.GetInt32() : 0;
    }

    /// <summary>Revokes a token at the server (RFC 7009), as a user who disconnects the app would.</summary>
    public async Task RevokeAsync(string clientId, string clientSecret, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Issuer + "/token/revocation")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = "refresh_token" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_process is null)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static Process Start(bool interactive, out int port)
    {
        var folder = typeof(OidcServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OidcServerFolder").Value!;
        if (!File.Exists(Path.Combine(folder, "node_modules", "oidc-provider", "package.json")))
        {
            throw new InvalidOperationException($"the npm package oidc-provider is not installed in {folder}");
        }

        var node = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Path.Combine(p, "node"))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("node (Node.js) is not installed");
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("server.mjs");
        if (interactive)
        {
            start.Environment["INTERACTIVE"] = "1";
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var error = process.StandardError.ReadToEndAsync();
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result is null)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("server.mjs printed no port: " + (error.Wait(TimeSpan.FromSeconds(2)) ? error.Result : "(no error output)"));
        }

        using var json = JsonDocument.Parse(line.Result);
        port = json.RootElement.GetProperty("port").GetInt32();
        return process;
    }
}
