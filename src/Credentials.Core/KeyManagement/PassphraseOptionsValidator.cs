using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Checks <see cref="PassphraseOptions"/> at start-up.</summary>
internal sealed class PassphraseOptionsValidator : IValidateOptions<PassphraseOptions>
{
    public ValidateOptionsResult Validate(string? name, PassphraseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Parallelism is < 1 or > 64)
        {
            failures.Add($"PassphraseOptions.Parallelism must be from 1 to 64 (it is {options.Parallelism}).");
        }

        if (options.Iterations is < 1 or > 100)
        {
            failures.Add($"PassphraseOptions.Iterations must be from 1 to 100 (it is {options.Iterations}).");
        }

        if (options.MemorySizeKib < 8 * Math.Max(options.Parallelism, 1) || options.MemorySizeKib > PassphraseOptions.MaxMemorySizeKib)
        {
            failures.Add($"PassphraseOptions.MemorySizeKib must be from 8 × Parallelism to {PassphraseOptions.MaxMemorySizeKib} (it is {options.MemorySizeKib}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
