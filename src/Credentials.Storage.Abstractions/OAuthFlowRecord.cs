namespace Credentials.Storage;

/// <summary>
/// An OAuth 2.0 authorization flow in progress: begun by a user of an organization for one credential, completed at most
/// once before it expires. The PKCE verifier travels only inside <paramref name="SealedData"/>, sealed by the vault and bound
/// to the organization, the credential, the user and the state.
/// </summary>
/// <param name="StateHash">The hash of the state sent to the authorization server (the state itself is never stored).</param>
/// <param name="OrganizationId">The organization.</param>
/// <param name="UserId">The user who began the flow, or null for the organization.</param>
/// <param name="CredentialId">The credential the tokens go to.</param>
/// <param name="CreatedAt">When the flow began.</param>
/// <param name="ExpiresAt">When it can no longer complete.</param>
/// <param name="KeyId">The id of the key-encryption key that wraps <paramref name="SealedData"/>'s data key.</param>
/// <param name="SealedData">The sealed flow data (the PKCE verifier).</param>
public sealed record OAuthFlowRecord(
    string StateHash,
    string OrganizationId,
    string? UserId,
    Guid CredentialId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string KeyId,
    byte[] SealedData);
