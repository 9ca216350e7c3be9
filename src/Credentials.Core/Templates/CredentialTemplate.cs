namespace Credentials;

/// <summary>
/// A curated starting point for a credential: it pre-fills name, key, type and category (and non-secret values such
/// as an SMTP host) so tools and LLM configurations find the credential by the key they expect.
/// </summary>
/// <param name="Id">The template id, such as <c>openai</c>.</param>
/// <param name="Service">The service's display name, such as "OpenAI".</param>
/// <param name="Name">The default credential name, such as "OpenAI API Key".</param>
/// <param name="Key">The key consumers look up, such as <c>OPENAI_API_KEY</c>.</param>
/// <param name="Type">The credential type.</param>
/// <param name="Category">The category.</param>
/// <param name="Description">One line on what the credential is for.</param>
/// <param name="DocumentationUrl">The provider's page that explains how to create the key.</param>
public sealed record CredentialTemplate(
    string Id,
    string Service,
    string Name,
    string Key,
    CredentialType Type,
    CredentialCategory Category,
    string Description,
    Uri DocumentationUrl)
{
    /// <summary>Non-secret field values by wire name (for example <c>host</c>, <c>port</c>, <c>encryption</c>).</summary>
    public IReadOnlyDictionary<string, string> Prefill { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// A prefix the main secret usually starts with (for example <c>sk-</c>); used for a warning, never a rejection.
    /// For two-value types it applies to the secret half (<c>api_secret</c> or <c>password</c>).
    /// </summary>
    public string? SecretPrefix { get; init; }
}
