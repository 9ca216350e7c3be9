namespace Credentials;

/// <summary>How the handler of <c>AddCredentialAuthentication</c> finds the credential and sends it.</summary>
public sealed class CredentialAuthenticationOptions
{
    /// <summary>
    /// Whose credential is used, for the ambient context (<see cref="ICredentialContextAccessor.Current"/>), as for
    /// <see cref="ICredentialResolver"/>: the organization's shared one, the context user's own (none is
    /// <see cref="CredentialConnectionRequiredException"/>), or the user's own where there is one.
    /// </summary>
    /// <value>Defaults to <see cref="ResolveScope.Organization"/>: never a user's credential unless asked for.</value>
    public ResolveScope Scope { get; set; } = ResolveScope.Organization;

    /// <summary>
    /// The header to send the value in, as it is (no scheme), such as <c>x-api-key</c>; overrides the template's header.
    /// With <see cref="HeaderScheme"/> also set, the value is sent as <c>scheme value</c> in this header.
    /// </summary>
    /// <value>Defaults to null: the template's header, else <c>Authorization</c> with a scheme.</value>
    public string? HeaderName { get; set; }

    /// <summary>
    /// The <c>Authorization</c> scheme, such as <c>Bearer</c>, <c>Token</c> or <c>Basic</c>; overrides the template's.
    /// </summary>
    /// <value>
    /// Defaults to null: the template's scheme, else <c>Bearer</c> for an API token or OAuth 2.0 access token and
    /// <c>Basic</c> for a user name with password. A key pair is sent only with <c>Basic</c> (<c>api_key:api_secret</c>),
    /// which its template or this option must say.
    /// </value>
    public string? HeaderScheme { get; set; }

    /// <summary>
    /// The template whose <see cref="CredentialTemplate.HeaderName"/> and <see cref="CredentialTemplate.HeaderScheme"/> apply.
    /// </summary>
    /// <value>Defaults to null: the first template of the catalog with the credential's key and type.</value>
    public string? TemplateId { get; set; }

    /// <summary>
    /// Whether a request refused with 401 is sent once more after the credential was renewed, where an
    /// <see cref="ICredentialTokenRefresher"/> is registered (the OAuth 2.0 package registers one) and says it renewed it.
    /// Only requests without a body, or with a buffered one (bytes, a string, form fields, JSON), are sent again.
    /// </summary>
    /// <value>Defaults to true.</value>
    public bool RetryOnUnauthorized { get; set; } = true;
}
