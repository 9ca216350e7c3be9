using Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the credential vault on the embedded default: Credentials.Core with SQLite storage.</summary>
public static class CredentialsEmbeddedServiceCollectionExtensions
{
    /// <summary>
    /// Adds the vault on the embedded default (a SQLite file and a local key file in the content root or working
    /// directory): <c>AddCredentialsCore()</c> with <c>UseSqlite("Data Source=credentials.db")</c> as the storage unless
    /// the host registered one first. Every registration is a <c>TryAdd</c>, so services the host registered first are kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to <see cref="CredentialsOptions"/>.</param>
    /// <returns>A builder for the storage, key and template verbs.</returns>
    public static ICredentialsBuilder AddCredentials(this IServiceCollection services, Action<CredentialsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Before AddCredentialsCore: Core's own storage registration is a TryAdd too (a placeholder that fails).
        SqliteRegistration.TryAddDefault(services);
        return services.AddCredentialsCore(configure);
    }

    /// <summary>
    /// Adds the vault as <c>AddCredentials()</c> does, with its settings from <paramref name="section"/> (usually
    /// <c>configuration.GetSection("Credentials")</c>), so a host can be configured without code:
    /// <list type="table">
    /// <item><term><c>DefaultPageSize</c>, <c>MaxPageSize</c>, <c>DeletedRetention</c>, <c>AllowPrivateNetworkDestinations</c></term><description><see cref="CredentialsOptions"/></description></item>
    /// <item><term><c>Sqlite:ConnectionString</c></term><description>the SQLite store (default <c>Data Source=credentials.db</c>)</description></item>
    /// <item><term><c>MasterKey</c></term><description>the base64 of a 32-byte key (<c>UseMasterKey</c>)</description></item>
    /// <item><term><c>Passphrase</c></term><description>a passphrase (<c>UsePassphrase</c>)</description></item>
    /// <item><term><c>KeyFile</c></term><description>a local key file (<c>UseKeyFile</c>); the default when no key setting is given</description></item>
    /// </list>
    /// At most one key setting may be given. <c>Postgres:*</c> is read by <c>UsePostgres(IConfiguration)</c> of the package
    /// Credentials.Storage.Postgres: call it on the returned builder (start-up fails when the section names PostgreSQL but
    /// the vault would use SQLite). Every setting is checked when the host starts, and the message names the configuration
    /// key to fix; it never quotes the master key or the passphrase. Builder verbs called afterwards override the section.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section with the vault's settings.</param>
    /// <returns>A builder for more verbs (templates, PostgreSQL, a cache).</returns>
    public static ICredentialsBuilder AddCredentials(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);

        SqliteRegistration.TryAddDefault(services);
        var builder = services.AddCredentialsCore(section);
        var sectionPath = section is IConfigurationSection s ? s.Path : string.Empty;
        services.AddOptions<SqliteStorageOptions>().Bind(section.GetSection("Sqlite"));
        SqliteRegistration.UseConfigurationPath(services, ConfiguredStorageValidator.PathOf(sectionPath, "Sqlite"));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CredentialsOptions>>(new ConfiguredStorageValidator(services, section, sectionPath)));
        return builder;
    }
}
