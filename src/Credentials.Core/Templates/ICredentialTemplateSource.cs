namespace Credentials;

/// <summary>
/// A set of templates a package contributes (for example <c>AddCommonTemplates()</c>). Sources come first in the
/// catalog, in registration order; templates a host adds with <c>AddTemplate</c> come after and replace any with the same id.
/// </summary>
public interface ICredentialTemplateSource
{
    /// <summary>The templates, in the order a catalog shows them.</summary>
    IEnumerable<CredentialTemplate> GetTemplates();
}
