using System.Globalization;
using System.Text;

namespace Credentials;

/// <summary>
/// Renders a catalog as the markdown of <c>docs/templates.md</c>. The page is generated rather than written by hand so
/// it cannot drift from the code: a test compares the file with this output.
/// </summary>
internal static class TemplateCatalogMarkdown
{
    /// <summary>How to regenerate the page; printed in the page and by the test that finds it stale.</summary>
    public const string RegenerateCommand = "UPDATE_DOCS=1 dotnet test tests/Credentials.Templates.Tests --filter FullyQualifiedName~TemplateCatalogMarkdownTests";

    /// <summary>The page for these templates, grouped by category (in enum order), each group in the given order. Lines end with <c>\n</c>.</summary>
    /// <param name="templates">The templates, in catalog order.</param>
    public static string Render(IEnumerable<CredentialTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        var list = templates.ToList();
        var text = new StringBuilder();
        Line(text, "# Credential templates");
        Line(text);
        Line(text, $"<!-- Generated from the catalog by TemplateCatalogMarkdown.Render; do not edit. Regenerate with: {RegenerateCommand} -->");
        Line(text);
        Line(text, Invariant($"`AddCommonTemplates()` adds these {list.Count} templates to `ICredentialTemplateCatalog`. ")
            + "Creating a credential from a template gives it the template's name, key, type and category; the key is "
            + "the environment variable name that tools and SDKs already read. Where a type has two values, the "
            + "description says which goes in which field. \"Environment\" lists the variables a child process gets "
            + "(ICredentialEnvironment); \"HTTP\" the header AddCredentialAuthentication sends where it is not Bearer.");

        // OrderBy is stable, so templates keep their catalog order inside each category.
        foreach (var group in list.GroupBy(t => t.Category).OrderBy(g => g.Key))
        {
            Line(text);
            Line(text, Invariant($"## {Title(group.Key)} (`{WireName(group.Key)}`, {group.Count()})"));
            Line(text);
            Line(text, "| Service | Id | Key | Type | Description | Docs |");
            Line(text, "| --- | --- | --- | --- | --- | --- |");
            foreach (var t in group)
            {
                Line(text, $"| {Cell(t.Service)} | `{Cell(t.Id)}` | `{Cell(t.Key)}` | {WireName(t.Type)} | {Cell(Describe(t))} | [docs]({t.DocumentationUrl.AbsoluteUri}) |");
            }
        }

        return text.ToString();
    }

    private static string Describe(CredentialTemplate t)
    {
        var text = new StringBuilder(t.Description);
        if (t.Prefill.Count > 0)
        {
            var values = string.Join(", ", t.Prefill.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"`{p.Key}={p.Value}`"));
            text.Append(" Pre-fills ").Append(values).Append('.');
        }

        if (t.EnvironmentVariables.Count > 0)
        {
            // In the order the template declares them (the type's form order in the catalog).
            var variables = string.Join(", ", t.EnvironmentVariables.Values.Select(v => $"`{v}`"));
            text.Append(" Environment: ").Append(variables).Append('.');
        }

        if (t.HeaderName is not null)
        {
            text.Append(" HTTP header `").Append(t.HeaderName).Append("`.");
        }
        else if (t.HeaderScheme is not null)
        {
            text.Append(" HTTP `Authorization: ").Append(t.HeaderScheme).Append(" …`.");
        }

        return text.ToString();
    }

    private static string Title(CredentialCategory category) => category switch
    {
        CredentialCategory.LlmProvider => "LLM providers",
        CredentialCategory.McpService => "MCP services",
        CredentialCategory.Runtime => "Runtimes",
        CredentialCategory.Communication => "Communication",
        _ => "Other",
    };

    // An undefined enum value must not make the page unrenderable; show the number instead.
    private static string WireName(CredentialCategory category) =>
        Enum.IsDefined(category) ? category.ToWireName() : ((int)category).ToString(CultureInfo.InvariantCulture);

    private static string WireName(CredentialType type) =>
        Enum.IsDefined(type) ? type.ToWireName() : ((int)type).ToString(CultureInfo.InvariantCulture);

    // A pipe would end the cell and a line break the row.
    private static string Cell(string value) =>
        value.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Invariant(FormattableString value) => FormattableString.Invariant(value);

    private static void Line(StringBuilder text, string value = "") => text.Append(value).Append('\n');
}
