using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Validates the operations options at start-up, one message per problem.</summary>
internal sealed class OperationsOptionsValidator : IValidateOptions<LastUsedOptions>, IValidateOptions<ExpiryScanOptions>, IValidateOptions<PurgeOptions>
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, LastUsedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.FlushInterval < TimeSpan.FromSeconds(1) || options.FlushInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"LastUsedOptions.FlushInterval must be from 1 second to 1 hour (it is {options.FlushInterval}).");
        }

        if (options.Resolution < TimeSpan.FromSeconds(1) || options.Resolution > TimeSpan.FromDays(1))
        {
            failures.Add($"LastUsedOptions.Resolution must be from 1 second to 1 day (it is {options.Resolution}).");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, ExpiryScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > Week)
        {
            failures.Add($"ExpiryScanOptions.Interval must be from 1 second to 7 days (it is {options.Interval}).");
        }

        if (options.Window is { } window && (window < TimeSpan.Zero || window > CredentialsOptionsValidator.RetentionLimit))
        {
            failures.Add($"ExpiryScanOptions.Window must be from zero to 3650 days (it is {window}).");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, PurgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Interval < TimeSpan.FromSeconds(1) || options.Interval > Week
            ? ValidateOptionsResult.Fail($"PurgeOptions.Interval must be from 1 second to 7 days (it is {options.Interval}).")
            : ValidateOptionsResult.Success;
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
