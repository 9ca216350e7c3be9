namespace Credentials;

/// <summary>One record of the audit trail. Never a value: keys, ids, field names, counts.</summary>
/// <param name="Sequence">Its position in its chain (the organization's, or the store's), from 1, without gaps.</param>
/// <param name="Time">When it happened.</param>
/// <param name="Action">What happened.</param>
/// <param name="Actor">Who acted: a user, or "system".</param>
/// <param name="CredentialId">The credential, when the action concerns one.</param>
/// <param name="CredentialKey">The credential's key, when the action concerns one.</param>
/// <param name="Details">
/// Non-secret details by name: <c>fields</c> (the wire names an update changed, comma-separated), <c>consumer_kind</c> and
/// <c>consumer_id</c> (assignments), <c>checks</c> and <c>succeeded</c> (checks), <c>error</c> (a failed refresh),
/// <c>key_id</c> and <c>previous_key_id</c> (keys), counts (rewrap runs).
/// </param>
public sealed record CredentialAuditRecord(
    long Sequence,
    DateTimeOffset Time,
    AuditAction Action,
    AuditActor Actor,
    CredentialId? CredentialId,
    string? CredentialKey,
    IReadOnlyDictionary<string, string> Details)
{
    /// <summary>The organization, or null for a store-wide record (key rotation, retirement, rewrap runs).</summary>
    public OrganizationId? OrganizationId { get; init; }

    /// <summary>The owner of the credential, when it is a user's own.</summary>
    public string? OwnerUserId { get; init; }
}
