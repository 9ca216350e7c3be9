using System.Collections.ObjectModel;

namespace Credentials;

/// <summary>
/// The curated catalog that <c>AddCommonTemplates()</c> contributes: the services people connect most, ordered as a
/// catalog UI shows them (by category, most popular first within a category). The key of each template is the
/// environment variable the provider's own docs or SDK read, because that is the name tools already look up.
/// </summary>
internal sealed partial class CommonTemplates : ICredentialTemplateSource
{
    // Built once: templates are immutable records and the list is read-only, so every catalog can share it.
    private static readonly ReadOnlyCollection<CredentialTemplate> Templates =
        Array.AsReadOnly<CredentialTemplate>([.. LlmProviders(), .. McpServices(), .. Runtimes(), .. Communication()]);

    /// <summary>Every template, in catalog order.</summary>
    public static IReadOnlyList<CredentialTemplate> All => Templates;

    /// <inheritdoc/>
    public IEnumerable<CredentialTemplate> GetTemplates() => Templates;

    private static Uri Docs(string url) => new(url, UriKind.Absolute);

    // Read-only so a consumer cannot change the shared templates' values by casting the dictionary.
    private static ReadOnlyDictionary<string, string> Prefill(params (string Field, string Value)[] values) =>
        values.ToDictionary(v => v.Field, v => v.Value, StringComparer.Ordinal).AsReadOnly();

    /// <summary>What a mail tool reads: the SMTP templates all give a child process the same, conventional names.</summary>
    /// <remarks>A property, not a field: the catalog's static list is built before later static fields are set.</remarks>
    private static ReadOnlyDictionary<string, string> SmtpVariables =>
        Env(("host", "SMTP_HOST"), ("port", "SMTP_PORT"), ("username", "SMTP_USERNAME"), ("password", "SMTP_PASSWORD"), ("encryption", "SMTP_ENCRYPTION"));

    // Environment variables by field wire name (CredentialTemplate.EnvironmentVariables); read-only like Prefill.
    private static ReadOnlyDictionary<string, string> Env(params (string Field, string Variable)[] variables) =>
        variables.ToDictionary(v => v.Field, v => v.Variable, StringComparer.Ordinal).AsReadOnly();

    /// <summary>The usual submission setup: the host, port 587 and STARTTLS (and a fixed user name where the provider has one).</summary>
    private static ReadOnlyDictionary<string, string> SmtpSubmission(string host, string? username = null) =>
        username is null
            ? Prefill(("host", host), ("port", "587"), ("encryption", "starttls"))
            : Prefill(("host", host), ("port", "587"), ("username", username), ("encryption", "starttls"));
}
