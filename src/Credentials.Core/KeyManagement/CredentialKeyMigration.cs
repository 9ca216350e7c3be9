using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials;

/// <summary>
/// The key migration's last step: rewrap, then retire the previous provider's keys that nothing is wrapped under. Keeps no
/// state: which keys are previous comes from the configuration, what is wrapped where from the store.
/// </summary>
internal sealed class CredentialKeyMigration(
    VaultKeys keys,
    ICredentialKeyManager manager,
    CredentialsInitializer initializer,
    ILoggerFactory? loggerFactory = null) : ICredentialKeyMigration
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Keys");

    public async Task<CredentialKeyMigrationResult> MigrateAsync(IProgress<RewrapProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        if (keys.Provider is not MigratingKeyProvider migration)
        {
            throw new CredentialException(
                "No key migration is configured: call MigrateKeysFrom (MigrateKeysFromKeyFile, MigrateKeysFromMasterKey) with the key provider the " +
                "store moves away from, beside the new key provider. A store whose migration is complete needs neither.");
        }

        var rewrap = await manager.RewrapAsync(progress, cancellationToken).ConfigureAwait(false);
        var retired = new List<string>();
        foreach (var key in await manager.ListKeysAsync(cancellationToken).ConfigureAwait(false))
        {
            // The retirement itself checks, in one transaction with the store's fence, that nothing is wrapped under the key.
            if (migration.IsPreviousKey(key.Id) && !key.IsRetired && !key.IsPrimary && key.WrappedCount == 0)
            {
                await manager.RetireAsync(key.Id, cancellationToken).ConfigureAwait(false);
                retired.Add(key.Id);
            }
        }

        var previous = (await manager.ListKeysAsync(CancellationToken.None).ConfigureAwait(false)).Where(k => migration.IsPreviousKey(k.Id)).ToList();
        var result = new CredentialKeyMigrationResult(rewrap, retired, previous);
        KeyLog.KeyMigrationStep(_logger, rewrap.PrimaryKeyId, rewrap.Rewrapped, retired.Count, previous.Count(k => !k.IsRetired));
        if (result.IsComplete)
        {
            KeyLog.KeyMigrationComplete(_logger);
        }

        return result;
    }
}
