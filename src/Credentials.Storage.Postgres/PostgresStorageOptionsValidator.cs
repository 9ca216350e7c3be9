using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Checks <see cref="PostgresStorageOptions"/> at start-up, listing every problem in one message. Never quotes the
/// connection string, nor a parser's message about it: either may contain the password.
/// </summary>
/// <remarks>Settings read by <c>UsePostgres(IConfiguration)</c> are named by their configuration keys.</remarks>
internal sealed partial class PostgresStorageOptionsValidator(IServiceProviderIsService? services = null, PostgresConfigurationPath? path = null)
    : IValidateOptions<PostgresStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.UseDataSourceFromServices)
        {
            if (services is not null && !services.IsService(typeof(NpgsqlDataSource)))
            {
                failures.Add(
                    "UsePostgres() without a connection string uses the host's NpgsqlDataSource, but none is registered: register one " +
                    "(for example services.AddSingleton(NpgsqlDataSource.Create(connectionString)), or AddNpgsqlDataSource from Npgsql.DependencyInjection) " +
                    "or pass a connection string to UsePostgres(...).");
            }
        }
        else
        {
            ValidateConnectionString(options.ConnectionString, Name("ConnectionString"), failures);
        }

        if (string.IsNullOrEmpty(options.Schema) || options.Schema.Length > PostgresStorageOptions.MaxSchemaLength || !SchemaName().IsMatch(options.Schema))
        {
            failures.Add(
                $"{Name("Schema")} must be 1 to {PostgresStorageOptions.MaxSchemaLength} lower-case letters, digits or '_', starting with a letter or '_' " +
                $"(it is '{Truncate(options.Schema)}'). The default is '{PostgresStorageOptions.DefaultSchema}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsValidSchema(string? schema) =>
        !string.IsNullOrEmpty(schema) && schema.Length <= PostgresStorageOptions.MaxSchemaLength && SchemaName().IsMatch(schema);

    private static void ValidateConnectionString(string? connectionString, string name, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add(
                $"{name} must be set: pass one to UsePostgres(...), for example " +
                "\"Host=db.example.com;Database=app;Username=app;Password=...\" (keep the password in a secret store or the environment).");
            return;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            failures.Add(
                $"{name} is not a valid Npgsql connection string (check the keywords, number values, and quoting of " +
                "values that contain ';' or '='). It is not shown here because it may contain a password.");
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            failures.Add($"{name} must name the server: add Host=... (for example Host=db.example.com).");
        }
    }

    /// <summary>The option's name, or its configuration key when the settings came from configuration.</summary>
    private string Name(string property) => path is null ? "PostgresStorageOptions." + property : path.Of(property);

    private static string Truncate(string? value) => value is null ? "(null)" : value.Length <= 70 ? value : value[..70] + "…";

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
