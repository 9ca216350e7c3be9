namespace Credentials;

/// <summary>Options of OAuth 2.0 connections (<c>AddOAuth</c>). Validated at start-up.</summary>
public sealed class OAuthOptions
{
    /// <summary>
    /// The host's callback endpoint, registered with every OAuth client, for example
    /// <c>https://app.example.com/credentials/oauth/callback</c>. Required: absolute http or https URL without a fragment.
    /// </summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>How long a begun flow can complete.</summary>
    /// <value>10 minutes; from 1 minute to 1 hour.</value>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most a token is refreshed before its expiry: refreshes happen at expiry − min(this, half the token's lifetime).</summary>
    /// <value>15 minutes.</value>
    public TimeSpan MaxRefreshSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long one HTTP attempt (discovery, token, registration) may take.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one request may take with its retries.</summary>
    /// <value>30 seconds; at least <see cref="AttemptTimeout"/>.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Retries of a failed request, with exponential back-off and jitter. Discovery retries any transient failure; token and
    /// registration requests (not idempotent: a refresh token may rotate) only a connection that was never made.
    /// </summary>
    /// <value>2; from 0 to 10.</value>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>The base delay of the first retry.</summary>
    /// <value>500 milliseconds.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long the refresh lease of a credential lasts if its holder never releases it (a crashed instance). Must exceed
    /// <see cref="RequestTimeout"/>, so a live holder never loses it mid-refresh.
    /// </summary>
    /// <value>60 seconds.</value>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a resolve waits for another instance's refresh of an expired token before it fails.</summary>
    /// <value>90 seconds.</value>
    public TimeSpan LeaseWaitTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How often a waiting resolve looks whether another instance finished its refresh.</summary>
    /// <value>200 milliseconds.</value>
    public TimeSpan LeasePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The <c>client_name</c> sent when registering a client dynamically.</summary>
    /// <value><c>Credentials</c>.</value>
    public string ClientName { get; set; } = "Credentials";

    /// <summary>Called after a token response arrives and before it is written (tests stop a process there).</summary>
    internal Func<CancellationToken, Task>? BeforeTokenWrite { get; set; }
}
