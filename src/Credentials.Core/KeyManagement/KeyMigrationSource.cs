namespace Credentials;

/// <summary>One <c>MigrateKeysFrom</c> registration: makes a key provider the store moves away from.</summary>
internal sealed class KeyMigrationSource(Func<IServiceProvider, IKeyEncryptionKeyProvider> create)
{
    public IKeyEncryptionKeyProvider Create(IServiceProvider services) =>
        create(services) ?? throw new InvalidOperationException("The key provider factory given to MigrateKeysFrom returned null.");
}
