using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Fails start-up when the sealed-record cache is configured out of bounds.</summary>
internal sealed class SealedRecordCacheOptionsValidator : IValidateOptions<SealedRecordCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, SealedRecordCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxEntries is < 1 or > 1_000_000
            ? ValidateOptionsResult.Fail($"SealedRecordCacheOptions.MaxEntries must be from 1 to 1,000,000 (it is {options.MaxEntries}).")
            : ValidateOptionsResult.Success;
    }
}
