namespace Credentials.Storage;

/// <summary>
/// The non-secret columns of one stored credential: everything a listing needs, nothing it must decrypt.
/// </summary>
/// <param name="OrganizationId">The organization that owns the credential; every query is scoped by it.</param>
/// <param name="Id">The credential id, unique within its organization.</param>
/// <param name="Name">The human label.</param>
/// <param name="Key">The lookup identifier, unique within its organization.</param>
/// <param name="Category">The category's wire name (for example <c>llm_provider</c>).</param>
/// <param name="Type">The credential type's wire name (for example <c>api_token</c>).</param>
/// <param name="MaskedSummary">The masked hint computed when the secret was written (for example <c>••••a1b2</c>).</param>
/// <param name="TemplateId">The template the credential was created from, if any.</param>
/// <param name="SearchText">Upper-cased name and key, matched by the text filter of a listing.</param>
/// <param name="CreatedAt">When the credential was created.</param>
/// <param name="UpdatedAt">When the credential last changed.</param>
/// <param name="Version">The optimistic concurrency token; grows with every change.</param>
public sealed record CredentialMetadataRecord(
    string OrganizationId,
    Guid Id,
    string Name,
    string Key,
    string Category,
    string Type,
    string MaskedSummary,
    string? TemplateId,
    string SearchText,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    /// <summary>
    /// The user who owns the credential, or null when the organization shares it. The key is unique per organization
    /// and owner; providers store null as the empty string (user ids are never empty).
    /// </summary>
    public string? OwnerUserId { get; init; }

    /// <summary>When the credential stops being valid, if the caller said (not secret; any type). Null when it does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// When the credential was last resolved, as far as the store knows: moved forward by
    /// <see cref="ICredentialStorage.UpdateLastUsedAsync"/> (at most about once a minute), never by a write of the credential.
    /// </summary>
    public DateTimeOffset? LastUsedAt { get; init; }
}
