using Credentials;
using Credentials.Storage;
using Credentials.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The <c>UsePostgres</c> verbs of <see cref="ICredentialsBuilder"/>.</summary>
public static class CredentialsPostgresBuilderExtensions
{
    /// <summary>
    /// Keeps credentials in PostgreSQL, for hosts that run on more than one machine. The storage creates and migrates its
    /// schema (default <c>credentials</c>) at start-up, and instances on the same database follow each other's changes.
    /// Every instance needs the same key provider: a master key from a secret store, a passphrase, or Data Protection
    /// keys they share, never a per-machine key file.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">An Npgsql connection string, such as <c>Host=db;Database=app;Username=app;Password=...</c>. Checked at start-up.</param>
    /// <param name="configure">Other settings (schema, change listening).</param>
    public static ICredentialsBuilder UsePostgres(this ICredentialsBuilder builder, string connectionString, Action<PostgresStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Register(builder, o =>
        {
            o.ConnectionString = connectionString;
            o.UseDataSourceFromServices = false;
        }, configure);
    }

    /// <summary>
    /// Keeps credentials in PostgreSQL through the <c>NpgsqlDataSource</c> the host registered in its services (for example
    /// with <c>AddNpgsqlDataSource</c>), sharing its connection pool. The storage uses that data source but does not dispose
    /// it. Start-up fails with a clear message when none is registered.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Other settings (schema, change listening).</param>
    public static ICredentialsBuilder UsePostgres(this ICredentialsBuilder builder, Action<PostgresStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Register(builder, o =>
        {
            o.ConnectionString = null;
            o.UseDataSourceFromServices = true;
        }, configure);
    }

    private static ICredentialsBuilder Register(ICredentialsBuilder builder, Action<PostgresStorageOptions> source, Action<PostgresStorageOptions>? configure)
    {
        var options = builder.Services.AddOptions<PostgresStorageOptions>().Configure(source).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        builder.Services.Replace(ServiceDescriptor.Singleton<ICredentialStorage>(PostgresStorageFactory.Create));
        return builder;
    }
}
