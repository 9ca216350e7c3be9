namespace Credentials;

/// <summary>What <see cref="ICredentialKeyMigration.MigrateAsync"/> did, and where the migration stands.</summary>
/// <param name="Rewrap">The rewrap under the new provider's primary key (its <c>Failed</c> credentials cannot be opened and keep their key in use).</param>
/// <param name="RetiredKeyIds">The previous provider's keys this call retired.</param>
/// <param name="PreviousKeys">Every key of the previous provider as it is now, with how many credentials each still wraps.</param>
public sealed record CredentialKeyMigrationResult(RewrapResult Rewrap, IReadOnlyList<string> RetiredKeyIds, IReadOnlyList<CredentialKeyInfo> PreviousKeys)
{
    /// <summary>Every key of the previous provider is retired: remove <c>MigrateKeysFrom</c> from the configuration (and, for a key file, delete the file).</summary>
    public bool IsComplete => PreviousKeys.All(k => k.IsRetired);
}
