namespace Credentials.Storage;

/// <summary>
/// A position in the order that <see cref="ICredentialStorage.ListDeletedNotUnderKeyAsync"/> walks: by key id, then
/// organization id, then credential id. (Soft-deleted credentials may share a key, so the id breaks ties.)
/// </summary>
/// <param name="KeyId">The key id of the last credential seen.</param>
/// <param name="OrganizationId">The organization of the last credential seen.</param>
/// <param name="Id">The id of the last credential seen.</param>
public sealed record DeletedCredentialCursor(string KeyId, string OrganizationId, Guid Id);
