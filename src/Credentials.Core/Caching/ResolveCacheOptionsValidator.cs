using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Fails start-up when the resolve cache is configured out of bounds.</summary>
internal sealed class ResolveCacheOptionsValidator : IValidateOptions<ResolveCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ResolveCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxEntries is < 1 or > 1_000_000)
        {
            failures.Add($"ResolveCacheOptions.MaxEntries must be from 1 to 1,000,000 (it is {options.MaxEntries}).");
        }

        if (options.TimeToLive < TimeSpan.FromSeconds(1) || options.TimeToLive > TimeSpan.FromHours(1))
        {
            failures.Add($"ResolveCacheOptions.TimeToLive must be from 1 second to 1 hour (it is {options.TimeToLive}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
