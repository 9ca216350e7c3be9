namespace Credentials;

/// <summary>The templates a host offers, ordered as a catalog UI shows them.</summary>
public interface ICredentialTemplateCatalog
{
    /// <summary>Every template, in catalog order.</summary>
    IReadOnlyList<CredentialTemplate> All { get; }

    /// <summary>The template with this id (ordinal, case-insensitive), or null.</summary>
    /// <param name="id">The template id.</param>
    CredentialTemplate? Find(string id);

    /// <summary>The templates of one category, in catalog order.</summary>
    /// <param name="category">The category.</param>
    IReadOnlyList<CredentialTemplate> ByCategory(CredentialCategory category);

    /// <summary>Templates whose id, service, name, key or description contains the text (case-insensitive), in catalog order.</summary>
    /// <param name="text">The text to look for; blank returns all.</param>
    IReadOnlyList<CredentialTemplate> Search(string text);
}
