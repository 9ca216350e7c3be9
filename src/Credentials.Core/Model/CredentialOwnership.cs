namespace Credentials;

/// <summary>Who owns a credential.</summary>
public enum CredentialOwnership
{
    /// <summary>Shared by the organization: resolvable in any context of the organization.</summary>
    Organization,

    /// <summary>One user's own ("my GitHub token"): resolvable only in a context naming that user.</summary>
    User,
}
