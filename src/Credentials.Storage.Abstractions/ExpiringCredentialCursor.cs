namespace Credentials.Storage;

/// <summary>A position in the store-wide order of <see cref="ICredentialStorage.ListExpiringAsync"/>: expiry, organization, id.</summary>
/// <param name="ExpiresAt">The expiry of the last credential seen.</param>
/// <param name="OrganizationId">Its organization.</param>
/// <param name="Id">Its id.</param>
public sealed record ExpiringCredentialCursor(DateTimeOffset ExpiresAt, string OrganizationId, Guid Id);
