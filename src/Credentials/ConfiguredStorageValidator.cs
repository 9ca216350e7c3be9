using Credentials.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// <c>AddCredentials(IConfiguration)</c> reads the SQLite settings (<c>Sqlite</c>); the PostgreSQL section is read by
/// <c>UsePostgres(IConfiguration)</c> of the PostgreSQL package, which this package does not reference. This check
/// catches the one mistake that would otherwise pass silently: a configuration that names a PostgreSQL store while the
/// vault still uses the embedded SQLite file.
/// </summary>
internal sealed class ConfiguredStorageValidator(IServiceCollection services, IConfiguration section, string sectionPath)
    : IValidateOptions<CredentialsOptions>
{
    public ValidateOptionsResult Validate(string? name, CredentialsOptions options)
    {
        if (!section.GetSection("Postgres").GetChildren().Any() || !UsesEmbeddedStorage())
        {
            return ValidateOptionsResult.Success;
        }

        var postgres = PathOf(sectionPath, "Postgres");
        return ValidateOptionsResult.Fail(
            $"{postgres} is set, but the vault keeps credentials in SQLite: add the package Credentials.Storage.Postgres and call " +
            $".UsePostgres(configuration.GetSection(\"{postgres}\")) after AddCredentials(section) (or, for a PostgreSQL-only host, " +
            $"reference Credentials.Core instead of Credentials and call AddCredentialsCore(section)), or remove {postgres}.");
    }

    /// <summary>The full path of a key under a section, such as <c>Credentials:Postgres</c>.</summary>
    public static string PathOf(string sectionPath, string relative) => sectionPath.Length == 0 ? relative : sectionPath + ":" + relative;

    /// <summary>Whether the storage registered last is SQLite (the default or <c>UseSqlite</c>) or one of Core's own (in-memory).</summary>
    private bool UsesEmbeddedStorage()
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(ICredentialStorage) && !d.IsKeyedService);
        return descriptor is null
            || SqliteRegistration.IsSqlite(descriptor)
            || descriptor.ImplementationType?.Assembly == typeof(ICredentialsBuilder).Assembly;
    }
}
