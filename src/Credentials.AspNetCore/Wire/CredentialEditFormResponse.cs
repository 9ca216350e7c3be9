namespace Credentials.AspNetCore;

/// <summary>The edit form: non-secret values pre-filled, secret fields empty with <c>hasStoredValue</c>.</summary>
/// <param name="Id">The credential id.</param>
/// <param name="Name">The name.</param>
/// <param name="Key">The key.</param>
/// <param name="Category">The category's wire name.</param>
/// <param name="Type">The type's wire name.</param>
/// <param name="TemplateId">The template it was made from, if any.</param>
/// <param name="Version">The version the form shows; send it back as <c>If-Match</c> or <c>expectedVersion</c>.</param>
/// <param name="Fields">The fields in form order.</param>
public sealed record CredentialEditFormResponse(
    string Id,
    string Name,
    string Key,
    string Category,
    string Type,
    string? TemplateId,
    long Version,
    IReadOnlyList<CredentialEditFieldResponse> Fields)
{
    /// <summary>The user who owns the credential, or null for one the organization shares; an update never changes it.</summary>
    public string? OwnerUserId { get; init; }
}
