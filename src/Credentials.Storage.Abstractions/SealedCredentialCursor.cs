namespace Credentials.Storage;

/// <summary>
/// A position in the store-wide order that <see cref="ICredentialStorage.ListNotUnderKeyAsync"/> walks: ordinal by
/// organization id, then by the credential id's 32-hex-digit form (<c>Guid.ToString("N")</c>, ordinal).
/// </summary>
/// <param name="OrganizationId">The organization of the last credential seen.</param>
/// <param name="Id">The id of the last credential seen.</param>
public sealed record SealedCredentialCursor(string OrganizationId, Guid Id);
