using Microsoft.Extensions.Options;

namespace Credentials.AspNetCore;

/// <summary>Checks <see cref="CredentialsApiOptions"/> at start-up.</summary>
internal sealed class CredentialsApiOptionsValidator : IValidateOptions<CredentialsApiOptions>
{
    public ValidateOptionsResult Validate(string? name, CredentialsApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IsValidReturnUrl(options.OAuthReturnUrl)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "CredentialsApiOptions.OAuthReturnUrl must be a path of this application (\"~/settings/credentials\" under its path base, " +
                "or \"/settings/credentials\"), or an absolute http(s) URL such as https://app.example.com/settings/credentials; " +
                "not a protocol-relative (//host) URL, and without spaces or control characters.");
    }

    internal static bool IsValidReturnUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || url.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        if (url.StartsWith("~/", StringComparison.Ordinal))
        {
            return !url.StartsWith("~//", StringComparison.Ordinal);
        }

        if (url.StartsWith('/'))
        {
            return !url.StartsWith("//", StringComparison.Ordinal);
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var absolute)
            && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(absolute.UserInfo);
    }
}
