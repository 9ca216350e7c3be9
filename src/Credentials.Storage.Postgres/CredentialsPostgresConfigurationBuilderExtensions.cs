using Credentials;
using Credentials.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The <c>UsePostgres</c> verb that reads its settings from configuration.</summary>
public static class CredentialsPostgresConfigurationBuilderExtensions
{
    /// <summary>
    /// Keeps credentials in PostgreSQL with the settings of <paramref name="section"/>, usually
    /// <c>configuration.GetSection("Credentials:Postgres")</c>: <c>ConnectionString</c> (required), <c>Schema</c> and
    /// <c>ListenForChanges</c> (see <see cref="PostgresStorageOptions"/>). Start-up fails with a message that names the
    /// configuration key to fix, never the connection string. With <c>AddCredentials(IConfiguration)</c> of Core, call it on
    /// the returned builder: Core does not read the PostgreSQL section itself.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">The configuration section with the PostgreSQL settings.</param>
    public static ICredentialsBuilder UsePostgres(this ICredentialsBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.UsePostgres(connectionString: string.Empty);
        builder.Services.AddOptions<PostgresStorageOptions>().Bind(section);
        builder.Services.Replace(ServiceDescriptor.Singleton(new PostgresConfigurationPath(section is IConfigurationSection s ? s.Path : string.Empty)));
        return builder;
    }
}
