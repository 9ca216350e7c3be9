using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Checks every setting at once, so a bad configuration fails start-up with one message listing what to fix.</summary>
/// <remarks>When the settings came from configuration (<c>AddCredentials(IConfiguration)</c>), messages name the configuration keys.</remarks>
internal sealed class CredentialsOptionsValidator(CredentialsConfigurationPaths? paths = null)
    : IValidateOptions<CredentialsOptions>, IValidateOptions<KeyFileOptions>, IValidateOptions<SqliteStorageOptions>
{
    public const int PageSizeLimit = 10_000;

    public static readonly TimeSpan RetentionLimit = TimeSpan.FromDays(3650);

    public ValidateOptionsResult Validate(string? name, CredentialsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxPageSize is < 1 or > PageSizeLimit)
        {
            failures.Add($"{Name("CredentialsOptions.MaxPageSize", "MaxPageSize")} must be from 1 to {PageSizeLimit} (it is {options.MaxPageSize}).");
        }

        if (options.DefaultPageSize < 1 || options.DefaultPageSize > options.MaxPageSize)
        {
            failures.Add($"{Name("CredentialsOptions.DefaultPageSize", "DefaultPageSize")} must be from 1 to MaxPageSize ({options.MaxPageSize}) (it is {options.DefaultPageSize}).");
        }

        if (options.DeletedRetention <= TimeSpan.Zero || options.DeletedRetention > RetentionLimit)
        {
            failures.Add($"{Name("CredentialsOptions.DeletedRetention", "DeletedRetention")} must be more than zero and at most {RetentionLimit.TotalDays:0} days (it is {options.DeletedRetention}).");
        }

        if (options.ExpiringWindow < TimeSpan.Zero || options.ExpiringWindow > RetentionLimit)
        {
            failures.Add($"CredentialsOptions.ExpiringWindow must be from zero to {RetentionLimit.TotalDays:0} days (it is {options.ExpiringWindow}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, KeyFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Path)
            ? ValidateOptionsResult.Fail("KeyFileOptions.Path must be set: pass a path to UseKeyFile(...), or keep the default 'credentials.key'.")
            : ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{Name("SqliteStorageOptions.ConnectionString", "Sqlite:ConnectionString")} must be set: pass one to UseSqlite(...), for example \"Data Source=credentials.db\".");
        }

        try
        {
            _ = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"{Name("SqliteStorageOptions.ConnectionString", "Sqlite:ConnectionString")} is not a valid SQLite connection string: {ex.Message}");
        }
    }

    /// <summary>The option's name, or its configuration key when the settings came from configuration.</summary>
    private string Name(string option, string configurationKey) => paths is null ? option : paths.Of(configurationKey);
}
