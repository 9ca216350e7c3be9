namespace Credentials.AspNetCore;

/// <summary>A template of the catalog: it pre-fills name, key, type and category, and non-secret values.</summary>
/// <param name="Id">The template id, such as <c>openai</c>; post it as <c>templateId</c>.</param>
/// <param name="Service">The service's display name.</param>
/// <param name="Name">The default credential name.</param>
/// <param name="Key">The key consumers look up.</param>
/// <param name="Type">The type's wire name.</param>
/// <param name="Category">The category's wire name.</param>
/// <param name="Description">What the credential is for.</param>
/// <param name="DocumentationUrl">Where the provider explains how to create the key.</param>
/// <param name="Prefill">Non-secret field values by wire name (an SMTP host and port, for example).</param>
public sealed record CredentialTemplateResponse(
    string Id,
    string Service,
    string Name,
    string Key,
    string Type,
    string Category,
    string Description,
    string DocumentationUrl,
    IReadOnlyDictionary<string, string> Prefill);
