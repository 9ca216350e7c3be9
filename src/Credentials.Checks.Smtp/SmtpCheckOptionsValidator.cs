using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Fails start-up when the SMTP check's settings are out of range.</summary>
internal sealed class SmtpCheckOptionsValidator : IValidateOptions<SmtpCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Timeout <= TimeSpan.Zero || options.Timeout > SmtpCheckOptions.MaxTimeout
            ? ValidateOptionsResult.Fail($"SmtpCheckOptions.Timeout must be more than zero and at most {SmtpCheckOptions.MaxTimeout.TotalMinutes} minutes (it is {options.Timeout}).")
            : ValidateOptionsResult.Success;
    }
}
