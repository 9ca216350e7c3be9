namespace Credentials.Storage;

/// <summary>One change reported by <see cref="ICredentialStorageNotifications"/>. Carries names and ids, never a secret.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="OrganizationId">The credential's organization (<see cref="CredentialStorageChangeKind.Credential"/> only).</param>
/// <param name="Name">The credential's key, or the setting's name; null for <see cref="CredentialStorageChangeKind.Reset"/>.</param>
public sealed record CredentialStorageChange(CredentialStorageChangeKind Kind, string? OrganizationId, string? Name)
{
    /// <summary>The credential's owner (<see cref="CredentialStorageChangeKind.Credential"/> only); null for a shared credential.</summary>
    public string? OwnerUserId { get; init; }
}
