using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Checks <see cref="OAuthOptions"/> at start-up and lists every problem in one message.</summary>
internal sealed class OAuthOptionsValidator : IValidateOptions<OAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.RedirectUri is not { IsAbsoluteUri: true } redirect
            || (redirect.Scheme != Uri.UriSchemeHttps && redirect.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(redirect.Fragment))
        {
            failures.Add("OAuthOptions.RedirectUri must be set to the host's absolute http(s) callback URL without a fragment, such as https://app.example.com/credentials/oauth/callback (AddOAuth(o => o.RedirectUri = ...)).");
        }

        if (options.StateLifetime < TimeSpan.FromMinutes(1) || options.StateLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("OAuthOptions.StateLifetime must be from 1 minute to 1 hour.");
        }

        if (options.MaxRefreshSkew < TimeSpan.Zero || options.MaxRefreshSkew > TimeSpan.FromHours(1))
        {
            failures.Add("OAuthOptions.MaxRefreshSkew must be from 0 to 1 hour.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.RequestTimeout < options.AttemptTimeout)
        {
            failures.Add("OAuthOptions.AttemptTimeout must be positive and RequestTimeout at least AttemptTimeout.");
        }

        if (options.MaxRetryAttempts is < 0 or > 10 || options.RetryDelay < TimeSpan.Zero)
        {
            failures.Add("OAuthOptions.MaxRetryAttempts must be from 0 to 10 and RetryDelay not negative.");
        }

        if (options.LeaseDuration <= options.RequestTimeout)
        {
            failures.Add("OAuthOptions.LeaseDuration must exceed RequestTimeout, so a live refresher never loses its lease mid-request.");
        }

        if (options.LeaseWaitTimeout <= TimeSpan.Zero || options.LeasePollInterval <= TimeSpan.Zero)
        {
            failures.Add("OAuthOptions.LeaseWaitTimeout and LeasePollInterval must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientName))
        {
            failures.Add("OAuthOptions.ClientName must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
