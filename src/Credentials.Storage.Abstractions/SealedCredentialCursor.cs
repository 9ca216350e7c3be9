namespace Credentials.Storage;

/// <summary>
/// A position in the store-wide order that <see cref="ICredentialStorage.ListNotUnderKeyAsync"/> walks: by key id, then
/// organization id, then owner (the empty string for shared credentials first), then credential key, each ordinal.
/// (That is the order of a key-id index whose suffix is the primary key, so a rewrap reads and rewrites rows in storage
/// order.)
/// </summary>
/// <param name="KeyId">The key id of the last credential seen.</param>
/// <param name="OrganizationId">The organization of the last credential seen.</param>
/// <param name="Key">The lookup key of the last credential seen.</param>
public sealed record SealedCredentialCursor(string KeyId, string OrganizationId, string Key)
{
    /// <summary>The owner of the last credential seen; null for a shared one.</summary>
    public string? OwnerUserId { get; init; }
}
