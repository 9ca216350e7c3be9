namespace Credentials.Storage;

/// <summary>
/// What a write appends to the audit trail, in the same transaction as its change: the record's content, without its
/// position, and the signer that computes its MAC once the storage has read the chain's head in that transaction.
/// </summary>
/// <param name="OrganizationId">The chain: the organization, or the empty string for store-wide events.</param>
/// <param name="Time">When it happened (to the microsecond).</param>
/// <param name="Action">The action's wire name.</param>
/// <param name="ActorUserId">The user who acted, or null for "system".</param>
/// <param name="CredentialId">The credential, when the action concerns one.</param>
/// <param name="CredentialKey">The credential's key, when the action concerns one.</param>
/// <param name="OwnerUserId">The credential's owner, when it is a user's own.</param>
/// <param name="Details">Non-secret details as a JSON object of strings; <c>{}</c> when none.</param>
/// <param name="Signer">Computes the record's MAC (pure computation: no I/O).</param>
public sealed record AuditEntry(
    string OrganizationId,
    DateTimeOffset Time,
    string Action,
    string? ActorUserId,
    Guid? CredentialId,
    string? CredentialKey,
    string? OwnerUserId,
    string Details,
    IAuditSigner Signer)
{
    /// <summary>
    /// The stored record at <paramref name="sequence"/> after <paramref name="previousMac"/> (empty for the first record of
    /// a chain), its MAC computed by <see cref="Signer"/>. Providers call it inside the write's transaction.
    /// </summary>
    /// <param name="sequence">The chain's head sequence plus one.</param>
    /// <param name="previousMac">The chain head's MAC; empty for a new chain.</param>
    public AuditRecord ToRecord(long sequence, byte[] previousMac)
    {
        ArgumentNullException.ThrowIfNull(previousMac);
        var record = new AuditRecord(OrganizationId, sequence, Time, Action, ActorUserId, CredentialId, CredentialKey, OwnerUserId, Details, []);
        return record with { Mac = Signer.Sign(record, previousMac) };
    }
}
