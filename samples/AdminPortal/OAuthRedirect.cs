namespace AdminPortal;

/// <summary>
/// The sample's OAuth 2.0 redirect URI: <c>AdminPortal:OAuthRedirectUri</c> when configured, else the first address it
/// listens on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>; Kestrel's default
/// <c>http://localhost:5000</c>) with the API's prefix and <c>/oauth/callback</c>. Register that URL with every OAuth
/// client you connect from the page.
/// </summary>
internal static class OAuthRedirect
{
    public const string RedirectUriKey = "AdminPortal:OAuthRedirectUri";

    /// <summary>The redirect URI, or null when it cannot be known before start-up (a random port, <c>:0</c>).</summary>
    public static Uri? Resolve(IConfiguration configuration, string apiPrefix)
    {
        if (configuration[RedirectUriKey] is { Length: > 0 } configured)
        {
            return Uri.TryCreate(configured, UriKind.Absolute, out var uri)
                ? uri
                : throw new InvalidOperationException($"{RedirectUriKey} must be an absolute http(s) URL, such as https://app.example.com{apiPrefix}/oauth/callback.");
        }

        var listen = First(configuration["urls"])
            ?? (First(configuration["http_ports"]) is { } httpPort ? "http://localhost:" + httpPort : null)
            ?? (First(configuration["https_ports"]) is { } httpsPort ? "https://localhost:" + httpsPort : null)
            ?? "http://localhost:5000";

        // Kestrel's "any address" forms are not addresses a browser can be sent to.
        foreach (var any in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
        {
            listen = listen.Replace(any, "://localhost", StringComparison.Ordinal);
        }

        if (!Uri.TryCreate(listen, UriKind.Absolute, out var address) || address.Port == 0)
        {
            return null;
        }

        return new Uri(address.GetLeftPart(UriPartial.Authority) + apiPrefix + "/oauth/callback");
    }

    private static string? First(string? list) =>
        list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
