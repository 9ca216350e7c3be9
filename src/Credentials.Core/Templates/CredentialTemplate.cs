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

    /// <summary>
    /// The environment variables a child process gets for a credential made from this template
    /// (<c>ICredentialEnvironment</c>), by field wire name: for AWS, <c>api_key</c> → <c>AWS_ACCESS_KEY_ID</c> and
    /// <c>api_secret</c> → <c>AWS_SECRET_ACCESS_KEY</c>. When set, exactly the fields named here are passed (a field left out
    /// is not given to the child); when empty, an API token or custom credential is one variable named after the key, and
    /// any other type one variable per field, <c>KEY_FIELD</c> in upper case.
    /// </summary>
    /// <value>Empty by default. Keys are field wire names of <see cref="Type"/>; names match <c>[A-Z_][A-Z0-9_]*</c>.</value>
    /// <exception cref="ArgumentException">A variable name breaks the rule, or a field name is blank.</exception>
    public IReadOnlyDictionary<string, string> EnvironmentVariables
    {
        get => _environmentVariables;
        init => _environmentVariables = CheckEnvironmentVariables(value);
    }

    /// <summary>
    /// The HTTP header that carries the credential when it is not <c>Authorization</c> with a scheme, such as
    /// <c>x-api-key</c> (Anthropic): the value is sent as it is, without a scheme. Used by <c>AddCredentialAuthentication</c>.
    /// </summary>
    /// <value>Null by default (the <c>Authorization</c> header). An RFC 9110 token.</value>
    /// <exception cref="ArgumentException">The value is not a header name.</exception>
    public string? HeaderName
    {
        get => _headerName;
        init => _headerName = CheckToken(value, nameof(HeaderName));
    }

    /// <summary>
    /// The <c>Authorization</c> scheme when it is not <c>Bearer</c>, such as <c>Token</c>, <c>Bot</c> or <c>Basic</c>. With
    /// <c>Basic</c>, a key pair is sent as <c>api_key:api_secret</c> and a user name with password as
    /// <c>username:password</c>, base64-encoded (RFC 7617). Ignored when <see cref="HeaderName"/> is set.
    /// </summary>
    /// <value>Null by default (<c>Bearer</c>). An RFC 9110 token.</value>
    /// <exception cref="ArgumentException">The value is not a scheme name.</exception>
    public string? HeaderScheme
    {
        get => _headerScheme;
        init => _headerScheme = CheckToken(value, nameof(HeaderScheme));
    }

    private readonly IReadOnlyDictionary<string, string> _environmentVariables = EmptyVariables;
    private readonly string? _headerName;
    private readonly string? _headerScheme;

    private static readonly IReadOnlyDictionary<string, string> EmptyVariables = new Dictionary<string, string>(StringComparer.Ordinal).AsReadOnly();

    private static IReadOnlyDictionary<string, string> CheckEnvironmentVariables(IReadOnlyDictionary<string, string> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, name) in value)
        {
            if (string.IsNullOrWhiteSpace(field))
            {
                throw new ArgumentException("A field wire name in EnvironmentVariables is blank.", nameof(value));
            }

            if (!EnvironmentVariableNames.IsValid(name))
            {
                throw new ArgumentException($"The environment variable for '{field}' {EnvironmentVariableNames.Rule}.", nameof(value));
            }

            copy[field] = name;
        }

        return copy.AsReadOnly();
    }

    private static string? CheckToken(string? value, string property) =>
        value is null || HttpTokens.IsToken(value)
            ? value
            : throw new ArgumentException($"{property} must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~), at most 128 characters.", property);
}
