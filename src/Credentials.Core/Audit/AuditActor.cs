namespace Credentials;

/// <summary>
/// Who acted: a user of the organization (<see cref="CredentialContext.UserId"/>), or "system": the organization's own
/// context (an administrator or a host's job without a user) and the vault's background work (retention, rewrap, refresh).
/// </summary>
/// <param name="UserId">The user, or null for "system".</param>
public readonly record struct AuditActor(string? UserId)
{
    /// <summary>"system": no user.</summary>
    public static AuditActor System => default;

    /// <summary>True for "system".</summary>
    public bool IsSystem => UserId is null;

    /// <summary>A user.</summary>
    /// <param name="userId">The user id.</param>
    public static AuditActor User(string userId) => new(UserIds.Check(userId, nameof(userId)) ?? throw new ArgumentNullException(nameof(userId)));

    /// <inheritdoc/>
    public override string ToString() => UserId ?? "system";
}
