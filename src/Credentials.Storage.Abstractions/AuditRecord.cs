namespace Credentials.Storage;

/// <summary>
/// One stored record of the audit trail: who did what to which credential, and when. Never a value: names, keys, ids,
/// field names and counts only. Records of one organization form a chain: numbered from 1 without gaps, each carrying a
/// MAC over its own content and the previous record's MAC (<see cref="IAuditSigner"/>).
/// </summary>
/// <param name="OrganizationId">
/// The chain: the organization, or the empty string for store-wide events (key rotation, retirement, rewrap runs), which
/// belong to no organization (organization ids are never empty).
/// </param>
/// <param name="Sequence">The record's position in its chain, from 1, assigned by the storage when it appends.</param>
/// <param name="Time">When it happened (to the microsecond).</param>
/// <param name="Action">The action's wire name (for example <c>created</c>, <c>key_rotated</c>).</param>
/// <param name="ActorUserId">The user who acted, or null for the organization itself or a background job ("system").</param>
/// <param name="CredentialId">The credential, when the action concerns one.</param>
/// <param name="CredentialKey">The credential's key, when the action concerns one.</param>
/// <param name="OwnerUserId">The credential's owner, when it is a user's own.</param>
/// <param name="Details">Non-secret details as a JSON object of strings (for example the wire names of the fields an update changed); <c>{}</c> when none.</param>
/// <param name="Mac">The record's MAC, chained over the previous record's.</param>
public sealed record AuditRecord(
    string OrganizationId,
    long Sequence,
    DateTimeOffset Time,
    string Action,
    string? ActorUserId,
    Guid? CredentialId,
    string? CredentialKey,
    string? OwnerUserId,
    string Details,
    byte[] Mac);
