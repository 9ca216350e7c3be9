namespace Credentials;

/// <summary>
/// Whose credential a resolve may use. Always explicit: nothing silently falls back to the organization's identity.
/// </summary>
public enum ResolveScope
{
    /// <summary>The organization's shared credential only; a user's own credential of the same key is never used.</summary>
    Organization,

    /// <summary>
    /// The context user's own credential only. When the user has none, <see cref="CredentialConnectionRequiredException"/>
    /// (so the host can show "Connect your account"); never the shared one.
    /// </summary>
    User,

    /// <summary>The context user's own credential when there is one, else the organization's shared one.</summary>
    UserThenOrganization,
}
