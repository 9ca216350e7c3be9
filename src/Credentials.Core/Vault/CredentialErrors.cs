namespace Credentials;

/// <summary>
/// The errors the assignment and deletion services raise, worded as the vault's own: a credential of another
/// organization gets exactly the message of one that does not exist.
/// </summary>
internal static class CredentialErrors
{
    public static CredentialNotFoundException NotFound(string orgId, CredentialId id) =>
        new($"No credential {id} exists in organization '{orgId}'.");

    public static CredentialNotFoundException DeletedNotFound(string orgId, CredentialId id) =>
        new($"No deleted credential {id} exists in organization '{orgId}' (it may have been recovered, purged, or kept past its retention).");

    public static CredentialConflictException KeyTakenOnRecovery(string orgId, CredentialId id, string key) =>
        new($"Credential {id} cannot be recovered: the key '{key}' is now used by another credential in organization '{orgId}'. Rename or delete that credential, then recover again.");

    public static CredentialConcurrencyException KeptChanging(string orgId, CredentialId id) =>
        new($"Credential {id} in organization '{orgId}' kept changing while it was being deleted; try again.");
}
