namespace Credentials;

/// <summary>Templates a host adds or overrides (by id).</summary>
public sealed class CredentialTemplateOptions
{
    /// <summary>The host's templates; one with the id of a source template replaces it in place.</summary>
    public IList<CredentialTemplate> Templates { get; } = [];
}
