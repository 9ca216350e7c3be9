using Credentials.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Core reads only the storage settings Core owns (<c>Sqlite</c>); the PostgreSQL section is read by <c>UsePostgres(IConfiguration)</c>
/// of the PostgreSQL package, which Core does not reference. This check catches the one mistake that would otherwise pass
/// silently: a configuration that names a PostgreSQL store while the vault still uses its own SQLite file.
/// </summary>
internal sealed class ConfiguredStorageValidator(IServiceCollection services, IConfiguration section, CredentialsConfigurationPaths paths)
    : IValidateOptions<CredentialsOptions>
{
    public ValidateOptionsResult Validate(string? name, CredentialsOptions options)
    {
        if (!section.GetSection("Postgres").GetChildren().Any() || !UsesCoreStorage())
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"{paths.Of("Postgres")} is set, but the vault keeps credentials in SQLite: add the package Credentials.Storage.Postgres and call " +
            $".UsePostgres(configuration.GetSection(\"{paths.Of("Postgres")}\")) after AddCredentials(section), or remove {paths.Of("Postgres")}.");
    }

    /// <summary>Whether the storage registered last is one of Core's own (the SQLite default, or in-memory).</summary>
    private bool UsesCoreStorage()
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(ICredentialStorage) && !d.IsKeyedService);
        return descriptor is null
            || descriptor.ImplementationType == typeof(InMemoryCredentialStorage)
            || descriptor.ImplementationFactory?.Method.DeclaringType == typeof(SqliteStorageFactory);
    }
}
