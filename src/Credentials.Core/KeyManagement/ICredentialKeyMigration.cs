namespace Credentials;

/// <summary>
/// Finishes a move from one key provider to another (<c>MigrateKeysFrom</c>): rewraps every credential, the recycle bin
/// included, under the new provider's primary key and retires each key of the previous provider once nothing is wrapped
/// under it. A thread-safe singleton.
/// </summary>
/// <remarks>
/// It is <see cref="ICredentialKeyManager.RewrapAsync"/> and then <see cref="ICredentialKeyManager.RetireAsync"/> for
/// exactly the previous provider's keys (the configured provider's own older keys are left alone). Crash-safe and
/// resumable like the rewrap: after a crash or a cancellation call it again. When the result
/// <see cref="CredentialKeyMigrationResult.IsComplete"/>, remove <c>MigrateKeysFrom</c> from the configuration; the
/// store then opens with the new provider alone.
/// </remarks>
public interface ICredentialKeyMigration
{
    /// <summary>Rewraps everything under the new primary key, then retires every key of the previous provider nothing is wrapped under.</summary>
    /// <param name="progress">Receives done/total after each rewrap batch.</param>
    /// <param name="cancellationToken">Cancels between batches and before each retirement.</param>
    /// <returns>The rewrap, the keys retired now, and every key of the previous provider as it is now.</returns>
    /// <exception cref="CredentialException">
    /// No migration is configured (<c>MigrateKeysFrom</c> was not called), or a key could not be retired because a write under
    /// it came in between (an instance still configured with the previous provider alone): call it again.
    /// </exception>
    Task<CredentialKeyMigrationResult> MigrateAsync(IProgress<RewrapProgress>? progress = null, CancellationToken cancellationToken = default);
}
