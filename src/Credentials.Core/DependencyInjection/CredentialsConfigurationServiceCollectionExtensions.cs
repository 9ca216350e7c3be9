using Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the vault with its settings read from configuration (<c>appsettings.json</c>, environment variables...).</summary>
public static class CredentialsConfigurationServiceCollectionExtensions
{
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
        var builder = services.AddCredentials();
        var paths = new CredentialsConfigurationPaths(section is IConfigurationSection s ? s.Path : string.Empty);
        services.TryAddSingleton(paths);

        services.AddOptions<CredentialsOptions>().Bind(section);
        services.AddOptions<SqliteStorageOptions>().Bind(section.GetSection("Sqlite"));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CredentialsOptions>>(new ConfiguredStorageValidator(services, section, paths)));

        services.AddOptions<ConfiguredKeySettings>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConfiguredKeySettings>>(new ConfiguredKeySettingsValidator(paths)));
        UseConfiguredKey(builder, section);
        return builder;
    }

    /// <summary>Chooses the key provider from the settings given now; their values are read (and checked) when the vault starts.</summary>
    private static void UseConfiguredKey(ICredentialsBuilder builder, IConfiguration section)
    {
        if (ConfiguredKeySettings.IsSet(section["MasterKey"]))
        {
            builder.UseMasterKey(sp => Convert.FromBase64String(Settings(sp).MasterKey!.Trim()));
        }
        else if (ConfiguredKeySettings.IsSet(section["Passphrase"]))
        {
            builder.Services.AddOptions<PassphraseOptions>().ValidateOnStart();
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PassphraseOptions>, PassphraseOptionsValidator>());
            builder.ProtectKeysWith(sp =>
            {
                var passphrase = Settings(sp).Passphrase!;
                PassphraseKeyRingProtection.CheckPassphrase(passphrase);
                return new PassphraseKeyRingProtection(PassphraseKeyRingProtection.Encode(passphrase), sp.GetRequiredService<IOptions<PassphraseOptions>>().Value);
            });
        }
        else if (ConfiguredKeySettings.IsSet(section["KeyFile"]))
        {
            builder.Services.AddOptions<KeyFileOptions>().Configure<IOptions<ConfiguredKeySettings>>((o, settings) => o.Path = settings.Value.KeyFile!.Trim());
            builder.Services.Replace(ServiceDescriptor.Singleton<IKeyEncryptionKeyProvider, KeyFileKeyProvider>());
        }
    }

    private static ConfiguredKeySettings Settings(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ConfiguredKeySettings>>().Value;
}
