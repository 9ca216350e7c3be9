namespace Credentials.Storage;

/// <summary>A credential was used (resolved) at a time: <see cref="ICredentialStorage.UpdateLastUsedAsync"/> moves its last-used time forward.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Id">The credential.</param>
/// <param name="UsedAt">When it was used.</param>
public sealed record CredentialUsage(string OrganizationId, Guid Id, DateTimeOffset UsedAt);
