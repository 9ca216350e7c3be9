namespace Credentials;

/// <summary>What a card or a detail page shows of a credential. Never carries a secret.</summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The human label.</param>
/// <param name="Key">The lookup identifier.</param>
/// <param name="Category">The category.</param>
/// <param name="Type">The type.</param>
/// <param name="MaskedSummary">A hint such as <c>••••a1b2</c>: at most 4 characters and at most a quarter of the secret; never its length.</param>
/// <param name="TemplateId">The template it was created from, if any.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Version">The concurrency token; grows with every change. Pass it as <see cref="CredentialUpdate.ExpectedVersion"/>.</param>
public sealed record CredentialView(
    CredentialId Id,
    string Name,
    string Key,
    CredentialCategory Category,
    CredentialType Type,
    string MaskedSummary,
    string? TemplateId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);
