using Credentials;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the credential vault.</summary>
public static class CredentialsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the vault without a storage: the key provider defaults to a local key file in the content root (or working
    /// directory), and the host picks the storage with a verb of a storage package, such as <c>UseSqlite(...)</c>
    /// (Credentials.Storage.Sqlite) or <c>UsePostgres(...)</c> (Credentials.Storage.Postgres). Hosts that want the embedded
    /// SQLite default call <c>AddCredentials()</c> of the package Credentials instead. Every registration is a
    /// <c>TryAdd</c>, so services the host registered first (a storage included) are kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to <see cref="CredentialsOptions"/>.</param>
    /// <returns>A builder for the storage, key and template verbs.</returns>
    /// <remarks>
    /// Without a storage, resolving the vault (or starting the host) throws <see cref="InvalidOperationException"/> that
    /// names the verbs to call.
    /// </remarks>
    public static ICredentialsBuilder AddCredentialsCore(this IServiceCollection services, Action<CredentialsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var optionsBuilder = services.AddOptions<CredentialsOptions>().ValidateOnStart();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.AddOptions<KeyFileOptions>().ValidateOnStart();
        services.AddOptions<RewrapOptions>().ValidateOnStart();
        services.AddOptions<CredentialTemplateOptions>();
        services.AddOptions<ResolveCacheOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResolveCacheOptions>, ResolveCacheOptionsValidator>());
        services.AddOptions<SealedRecordCacheOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SealedRecordCacheOptions>, SealedRecordCacheOptionsValidator>());
        services.AddOptions<ConsumerKindOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CredentialsOptions>, CredentialsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeyFileOptions>, CredentialsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RewrapOptions>, RewrapOptionsValidator>());
        services.AddOptions<LastUsedOptions>().ValidateOnStart();
        services.AddOptions<ExpiryScanOptions>().ValidateOnStart();
        services.AddOptions<PurgeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LastUsedOptions>, OperationsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExpiryScanOptions>, OperationsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PurgeOptions>, OperationsOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ContentRoot(sp.GetService<IHostEnvironment>()));
        // No storage of its own: a placeholder that fails, naming the fix, until a storage verb replaces it.
        services.TryAddSingleton<ICredentialStorage>(MissingCredentialStorage.Fail);
        services.TryAddSingleton<IKeyEncryptionKeyProvider, KeyFileKeyProvider>();

        services.TryAddSingleton<KeyRetirements>();

        // The sealer, the start-up and the key manager use the vault's keys: the registered provider, or the key migration
        // over it and the providers MigrateKeysFrom names (composed when resolved, so the verbs may come in any order).
        services.TryAddSingleton(sp => new VaultKeys(sp));
        services.TryAddSingleton(sp => new CredentialSealer(sp.GetRequiredService<VaultKeys>().Provider, sp.GetRequiredService<KeyRetirements>()));
        services.TryAddSingleton<SealedRecordCache>();
        services.TryAddSingleton<ResolveCache>();
        services.TryAddSingleton(sp => new CredentialsInitializer(
            sp.GetRequiredService<ICredentialStorage>(),
            sp.GetRequiredService<VaultKeys>().Provider,
            sp.GetRequiredService<KeyRetirements>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<ResolveCache>()));
        services.TryAddSingleton<ICredentialKeyManager>(sp => new CredentialKeyManager(
            sp.GetRequiredService<ICredentialStorage>(),
            sp.GetRequiredService<VaultKeys>().Provider,
            sp.GetRequiredService<CredentialsInitializer>(),
            sp.GetRequiredService<KeyRetirements>(),
            sp.GetRequiredService<ResolveCache>(),
            sp.GetRequiredService<IOptions<RewrapOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<AuditTrail>(),
            sp.GetRequiredService<AuditKey>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<ICredentialKeyMigration, CredentialKeyMigration>();
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
        HostIntegrationServices.Add(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CredentialsStartupService>());

        // Operations: audit trail, last used, card state, expiry scan, health, metrics.
        services.TryAddSingleton(sp => new CredentialsMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new AuditKey(
            sp.GetRequiredService<ICredentialStorage>(),
            sp.GetRequiredService<VaultKeys>().Provider,
            sp.GetRequiredService<CredentialsInitializer>()));
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<ICredentialAudit, CredentialAudit>();
        services.TryAddSingleton<CredentialViews>();
        services.TryAddSingleton<LastUsedTracker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LastUsedFlushService>());
        services.TryAddSingleton<ExpiryScanner>();
        services.TryAddSingleton(sp => new CredentialsHealth(
            sp.GetRequiredService<ICredentialStorage>(),
            sp.GetRequiredService<CredentialsInitializer>(),
            sp.GetRequiredService<VaultKeys>().Provider,
            sp.GetRequiredService<KeyRetirements>(),
            sp.GetRequiredService<TimeProvider>()));

        return new CredentialsBuilder(services);
    }
}
