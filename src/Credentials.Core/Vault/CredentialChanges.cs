namespace Credentials;

/// <summary>
/// What an update changes, for the shared update path (typed API, field-map forms, OAuth token writes).
/// <see cref="ChangeSecret"/> gets the stored values and returns the new ones (merged, not yet validated); it is re-run on
/// each retry so a concurrent change is never lost silently.
/// </summary>
internal sealed record CredentialChanges(
    string? Name,
    string? Key,
    CredentialCategory? Category,
    Func<CredentialSecret, List<CredentialValidationError>, CredentialSecret>? ChangeSecret,
    long? ExpectedVersion)
{
    public DateTimeOffset? ExpiresAt { get; init; }

    public bool ClearExpiresAt { get; init; }

    /// <summary>
    /// The audit record the write appends: <see cref="AuditAction.Updated"/> by default, <see cref="AuditAction.Connected"/>
    /// for tokens stored by the authorization flow, null for writes that are not audited one by one (token refreshes).
    /// </summary>
    public AuditAction? AuditAction { get; init; } = Credentials.AuditAction.Updated;

    /// <summary>Who acts, when not the context's user (the user who began an OAuth flow).</summary>
    public string? ActorUserId { get; init; }

    public bool HasActor { get; init; }
}
