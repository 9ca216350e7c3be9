namespace Credentials.Storage;

/// <summary>
/// The sealed part of one stored credential, as a key rotation reads it: enough to rewrap its data key, nothing else.
/// </summary>
/// <param name="OrganizationId">The organization that owns the credential.</param>
/// <param name="Id">The credential id.</param>
/// <param name="Key">The credential's lookup key (its position in the walk, and the provider's primary key with the organization).</param>
/// <param name="Version">The stored concurrency token, used to guard the rewrapped write.</param>
/// <param name="KeyId">The id of the key-encryption key that currently wraps the data key.</param>
/// <param name="SealedSecret">The envelope as stored.</param>
public sealed record SealedCredentialRecord(string OrganizationId, Guid Id, string Key, long Version, string KeyId, byte[] SealedSecret)
{
    /// <summary>The user who owns the credential, or null when the organization shares it (part of its position and primary key).</summary>
    public string? OwnerUserId { get; init; }
}
