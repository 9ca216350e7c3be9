namespace Credentials;

/// <summary>
/// Who an operation runs for: an organization and, optionally, one of its users. A user's personal credentials are seen,
/// changed and resolved only in a context that names that user; the organization's shared credentials in any context of
/// the organization.
/// </summary>
/// <param name="Organization">The organization; every operation is scoped to one.</param>
/// <param name="UserId">
/// The user, or null for the organization itself (an administrator or a system job). Well-formed Unicode, no control,
/// format or line separator characters, at most <see cref="MaxUserIdLength"/> characters.
/// </param>
public readonly record struct CredentialContext(OrganizationId Organization, string? UserId = null)
{
    /// <summary>The longest user id accepted.</summary>
    public const int MaxUserIdLength = 128;

    /// <summary>The user, or null for the organization itself.</summary>
    /// <exception cref="ArgumentException">The user id is blank, too long, ill-formed Unicode or holds control, format or separator characters.</exception>
    public string? UserId { get; } = UserIds.Check(UserId, nameof(UserId));

    /// <summary>The organization's own context (no user).</summary>
    /// <param name="organization">The organization.</param>
    public static implicit operator CredentialContext(OrganizationId organization) => new(organization);

    /// <summary>The organization's own context (no user).</summary>
    /// <param name="organization">The organization.</param>
    public static CredentialContext FromOrganizationId(OrganizationId organization) => new(organization);

    /// <inheritdoc/>
    public override string ToString() => UserId is null ? Organization.ToString() : $"{Organization}/{UserId}";
}
