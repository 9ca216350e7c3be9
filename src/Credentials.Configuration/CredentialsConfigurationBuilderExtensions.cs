using Credentials;

namespace Microsoft.Extensions.Configuration;

/// <summary>Adds an organization's shared credentials to .NET configuration.</summary>
public static class CredentialsConfigurationBuilderExtensions
{
    /// <summary>
    /// Exposes <paramref name="organization"/>'s shared credentials as configuration: an API token is
    /// <c>configuration["OPENAI_API_KEY"]</c>; a credential with several values is a section of them by field wire name
    /// (<c>configuration["AWS_CREDENTIALS:api_key"]</c>, <c>["AWS_CREDENTIALS:api_secret"]</c>); a custom credential is its
    /// JSON object as a section (<c>["GOOGLE_APPLICATION_CREDENTIALS:client_email"]</c>). The configuration reloads when a
    /// credential changes, in this process or another (see <see cref="CredentialsConfigurationOptions"/>).
    /// </summary>
    /// <param name="builder">The configuration builder, such as <c>builder.Configuration</c> of a host.</param>
    /// <param name="organization">The organization whose shared credentials are loaded.</param>
    /// <param name="configure">
    /// Configures the provider's own vault with the usual verbs, on the store and key the application uses
    /// (<c>b =&gt; b.UseSqlite("Data Source=credentials.db").UseMasterKey(key)</c>). Configuration is built before the
    /// host's services, so the provider cannot use the host's vault: it builds a private one. Relative paths are under the
    /// working directory.
    /// </param>
    /// <returns>The same builder.</returns>
    /// <exception cref="CredentialStorageException">The store cannot be read when the configuration is built (unless <see cref="CredentialsConfigurationOptions.Optional"/>).</exception>
    public static IConfigurationBuilder AddCredentials(this IConfigurationBuilder builder, OrganizationId organization, Action<ICredentialsBuilder> configure) =>
        AddCredentials(builder, organization, configure, static _ => { });

    /// <summary>
    /// Exposes <paramref name="organization"/>'s shared credentials as configuration, with a key prefix, a section and
    /// reload settings (see <see cref="AddCredentials(IConfigurationBuilder, OrganizationId, Action{ICredentialsBuilder})"/>).
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="organization">The organization whose shared credentials are loaded.</param>
    /// <param name="configure">Configures the provider's own vault (storage and key).</param>
    /// <param name="options">Key prefix, section, reload and poll settings.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">An option is out of range, or the organization is a default value.</exception>
    public static IConfigurationBuilder AddCredentials(
        this IConfigurationBuilder builder,
        OrganizationId organization,
        Action<ICredentialsBuilder> configure,
        Action<CredentialsConfigurationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(options);
        if (organization.Value is null)
        {
            throw new ArgumentException("The organization must be set, for example new OrganizationId(\"acme\").", nameof(organization));
        }

        var settings = new CredentialsConfigurationOptions();
        options(settings);
        Check(settings);
        return builder.Add(new CredentialsConfigurationSource(organization, configure, settings));
    }

    private static void Check(CredentialsConfigurationOptions settings)
    {
        if (settings.PollInterval < CredentialsConfigurationOptions.MinPollInterval || settings.PollInterval > CredentialsConfigurationOptions.MaxPollInterval)
        {
            throw new ArgumentOutOfRangeException(
                nameof(settings),
                settings.PollInterval,
                $"CredentialsConfigurationOptions.PollInterval must be from {CredentialsConfigurationOptions.MinPollInterval.TotalMilliseconds:0} ms to {CredentialsConfigurationOptions.MaxPollInterval.TotalHours:0} hour.");
        }

        if (settings.SectionName is { } section && (string.IsNullOrWhiteSpace(section) || section.StartsWith(':') || section.EndsWith(':')))
        {
            throw new ArgumentException("CredentialsConfigurationOptions.SectionName must be a configuration path such as 'Secrets' (not blank, no leading or trailing ':').", nameof(settings));
        }
    }
}
