namespace Credentials.Cli.Bundle;

/// <summary>One credential in a bundle: its identity, its card's fields and its values. <c>ToString()</c> hides the values.</summary>
internal sealed record BundleEntry(
    OrganizationId Organization,
    CredentialId Id,
    string? OwnerUserId,
    string Name,
    string Key,
    CredentialCategory Category,
    string? TemplateId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    CredentialSecret Secret)
{
    /// <summary>Where it is in a message: organization, owner and key (never a value).</summary>
    public string Describe() => OwnerUserId is null ? $"{Organization}/{Key}" : $"{Organization}/{Key} (owner {OwnerUserId})";
}
