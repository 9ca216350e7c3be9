namespace Credentials;

/// <summary>Something about a credential an operator or its owner should act on. Never carries a value.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Organization">The credential's organization.</param>
/// <param name="CredentialId">The credential.</param>
/// <param name="Key">Its key.</param>
/// <param name="Name">Its name.</param>
public sealed record CredentialEvent(CredentialEventKind Kind, OrganizationId Organization, CredentialId CredentialId, string Key, string Name)
{
    /// <summary>The owner, when it is a user's own credential (who to tell).</summary>
    public string? OwnerUserId { get; init; }

    /// <summary>The credential's expiry (<see cref="CredentialEventKind.Expiring"/> and <see cref="CredentialEventKind.Expired"/>).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
