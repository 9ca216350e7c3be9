namespace Credentials.Storage;

/// <summary>A position in a store-wide walk by organization, then credential id (the id as its 32-digit lower-case hexadecimal form).</summary>
/// <param name="OrganizationId">The organization of the last row seen.</param>
/// <param name="Id">The credential id of the last row seen.</param>
public sealed record CredentialCursor(string OrganizationId, Guid Id);
