using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Checks <see cref="RewrapOptions"/> at start-up.</summary>
internal sealed class RewrapOptionsValidator : IValidateOptions<RewrapOptions>
{
    public ValidateOptionsResult Validate(string? name, RewrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.BatchSize is < 1 or > RewrapOptions.MaxBatchSize)
        {
            failures.Add($"RewrapOptions.BatchSize must be from 1 to {RewrapOptions.MaxBatchSize} (it is {options.BatchSize}).");
        }

        if (options.BackgroundInterval <= TimeSpan.Zero)
        {
            failures.Add($"RewrapOptions.BackgroundInterval must be positive (it is {options.BackgroundInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
