using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Credentials.Storage.Sqlite;

/// <summary>Checks <see cref="SqliteStorageOptions"/> at start-up.</summary>
/// <remarks>Settings read from configuration are named by their configuration keys.</remarks>
internal sealed class SqliteStorageOptionsValidator(SqliteConfigurationPath? path = null) : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{Name()} must be set: pass one to UseSqlite(...), for example \"Data Source=credentials.db\".");
        }

        try
        {
            _ = new SqliteConnectionStringBuilder(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"{Name()} is not a valid SQLite connection string: {ex.Message}");
        }
    }

    /// <summary>The option's name, or its configuration key when the settings came from configuration.</summary>
    private string Name() => path is null ? "SqliteStorageOptions.ConnectionString" : path.Of("ConnectionString");
}
