using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>The catalog built once from the registered sources and the host's own templates.</summary>
internal sealed class CredentialTemplateCatalog : ICredentialTemplateCatalog
{
    private readonly CredentialTemplate[] _all;
    private readonly Dictionary<string, CredentialTemplate> _byId;

    public CredentialTemplateCatalog(IEnumerable<ICredentialTemplateSource> sources, IOptions<CredentialTemplateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        var ordered = new List<CredentialTemplate>();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var template in sources.SelectMany(s => s.GetTemplates()).Concat(options.Value.Templates))
        {
            ArgumentNullException.ThrowIfNull(template);
            if (index.TryGetValue(template.Id, out var at))
            {
                ordered[at] = template;
            }
            else
            {
                index[template.Id] = ordered.Count;
                ordered.Add(template);
            }
        }

        _all = [.. ordered];
        _byId = _all.ToDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<CredentialTemplate> All => _all;

    public CredentialTemplate? Find(string id) => id is null ? null : _byId.GetValueOrDefault(id);

    public IReadOnlyList<CredentialTemplate> ByCategory(CredentialCategory category) => [.. _all.Where(t => t.Category == category)];

    public IReadOnlyList<CredentialTemplate> Search(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return _all;
        }

        var needle = text.Trim();
        return [.. _all.Where(t => Matches(t, needle))];
    }

    private static bool Matches(CredentialTemplate t, string needle) =>
        t.Id.Contains(needle, StringComparison.OrdinalIgnoreCase)
        || t.Service.Contains(needle, StringComparison.OrdinalIgnoreCase)
        || t.Name.Contains(needle, StringComparison.OrdinalIgnoreCase)
        || t.Key.Contains(needle, StringComparison.OrdinalIgnoreCase)
        || t.Description.Contains(needle, StringComparison.OrdinalIgnoreCase);
}
