namespace Credentials.Storage;

/// <summary>
/// A compare-and-swap of one credential's key id and sealed bytes: applied only while the stored version and key id
/// are still the expected ones, so a concurrent change by a user is never overwritten. The version does not change:
/// a rewrap moves the data key under another key-encryption key and leaves the credential's content as it was.
/// </summary>
/// <param name="OrganizationId">The organization that owns the credential.</param>
/// <param name="Id">The credential id.</param>
/// <param name="Key">The lookup key read with the sealed bytes (lets a provider find the row by its primary key; a renamed credential has a new version and is not matched).</param>
/// <param name="ExpectedVersion">The version read with the sealed bytes.</param>
/// <param name="ExpectedKeyId">The key id read with the sealed bytes.</param>
/// <param name="KeyId">The new key id.</param>
/// <param name="SealedSecret">The new sealed bytes.</param>
public sealed record RewrappedCredential(string OrganizationId, Guid Id, string Key, long ExpectedVersion, string ExpectedKeyId, string KeyId, byte[] SealedSecret)
{
    /// <summary>The owner read with the sealed bytes (null when the organization shares it), part of the row's primary key.</summary>
    public string? OwnerUserId { get; init; }
}
