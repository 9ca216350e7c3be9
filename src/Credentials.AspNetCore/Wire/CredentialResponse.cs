namespace Credentials.AspNetCore;

/// <summary>A credential card: what it is and a masked summary, never a secret.</summary>
/// <param name="Id">The credential id (32 hex digits).</param>
/// <param name="Name">The human label.</param>
/// <param name="Key">The lookup key, such as <c>OPENAI_API_KEY</c>.</param>
/// <param name="Category">The category's wire name, such as <c>llm_provider</c>.</param>
/// <param name="Type">The type's wire name, such as <c>api_token</c>.</param>
/// <param name="MaskedSummary">The masked hint, such as <c>••••a1b2</c>.</param>
/// <param name="TemplateId">The template it was made from, if any.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Version">The concurrency token; also sent as the <c>ETag</c> header <c>"&lt;version&gt;"</c>.</param>
/// <param name="UsedBy">How many consumers it is assigned to, where the response counts them.</param>
/// <param name="Warnings">Unusual but accepted values, on the responses of create and update.</param>
public sealed record CredentialResponse(
    string Id,
    string Name,
    string Key,
    string Category,
    string Type,
    string MaskedSummary,
    string? TemplateId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    int? UsedBy,
    IReadOnlyList<FieldMessageResponse> Warnings)
{
    /// <summary>
    /// The user who owns the credential (a personal one), or null for one the organization shares. A user's request only
    /// ever sees its own id here; the organization's (administrator's) request sees every owner.
    /// </summary>
    public string? OwnerUserId { get; init; }
}
