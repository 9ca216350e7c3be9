using Credentials;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the credential vault.</summary>
public static class CredentialsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the vault on the embedded default (a SQLite file and a local key file in the content root or working
    /// directory). Every registration is a <c>TryAdd</c>, so services the host registered first are kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to <see cref="CredentialsOptions"/>.</param>
    /// <returns>A builder for the storage, key and template verbs.</returns>
    public static ICredentialsBuilder AddCredentials(this IServiceCollection services, Action<CredentialsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var optionsBuilder = services.AddOptions<CredentialsOptions>().ValidateOnStart();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.AddOptions<KeyFileOptions>().ValidateOnStart();
        services.AddOptions<SqliteStorageOptions>().ValidateOnStart();
        services.AddOptions<RewrapOptions>().ValidateOnStart();
        services.AddOptions<CredentialTemplateOptions>();
        services.AddOptions<ResolveCacheOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResolveCacheOptions>, ResolveCacheOptionsValidator>());
        services.AddOptions<SealedRecordCacheOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SealedRecordCacheOptions>, SealedRecordCacheOptionsValidator>());
        services.AddOptions<ConsumerKindOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CredentialsOptions>, CredentialsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeyFileOptions>, CredentialsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, CredentialsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RewrapOptions>, RewrapOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ContentRoot(sp.GetService<IHostEnvironment>()));
        services.TryAddSingleton<ICredentialStorage>(SqliteStorageFactory.Create);
        services.TryAddSingleton<IKeyEncryptionKeyProvider, KeyFileKeyProvider>();

        services.TryAddSingleton<KeyRetirements>();
        services.TryAddSingleton<CredentialSealer>();
        services.TryAddSingleton<SealedRecordCache>();
        services.TryAddSingleton<ResolveCache>();
        services.TryAddSingleton<CredentialsInitializer>();
        services.TryAddSingleton<ICredentialKeyManager, CredentialKeyManager>();
        services.TryAddSingleton<ConsumerKindRegistry>();
        services.TryAddSingleton<CredentialDeletions>();
        services.TryAddSingleton<IDeletedCredentials>(sp => sp.GetRequiredService<CredentialDeletions>());
        services.TryAddSingleton<ICredentialAssignments, CredentialAssignments>();
        services.TryAddSingleton<CredentialVault>();
        services.TryAddSingleton<ICredentialStore>(sp => sp.GetRequiredService<CredentialVault>());
        services.TryAddSingleton<ICredentialResolver, CredentialResolver>();
        services.TryAddSingleton<ICredentialForms, CredentialForms>();
        services.TryAddSingleton<ICredentialSchemas>(CredentialSchemas.Instance);
        services.TryAddSingleton<ICredentialTemplateCatalog, CredentialTemplateCatalog>();
        services.TryAddSingleton<ICredentialChecker, CredentialChecker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CredentialsStartupService>());

        return new CredentialsBuilder(services);
    }
}
