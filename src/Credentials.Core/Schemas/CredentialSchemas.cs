namespace Credentials;

/// <summary>The built-in schemas: the seed's seven types with their wire names, in form order.</summary>
internal sealed class CredentialSchemas : ICredentialSchemas
{
    /// <summary>The one shared instance; schemas are immutable.</summary>
    public static readonly CredentialSchemas Instance = new();

    private static readonly CredentialSchema[] Schemas =
    [
        new(CredentialType.ApiToken, "API Token", "A single API key or token (OpenAI, Anthropic, GitHub).",
        [
            Secret("token", "Token"),
        ]),
        new(CredentialType.KeyPair, "API Key Pair", "Services that need a key and a secret.",
        [
            Text("api_key", "API key", required: true),
            Secret("api_secret", "API secret"),
        ]),
        new(CredentialType.UsernamePassword, "Username & Password", "Basic authentication.",
        [
            Text("username", "Username", required: true),
            Secret("password", "Password"),
        ]),
        new(CredentialType.Smtp, "Email (SMTP)", "Outbound email.",
        [
            Destination(Text("host", "Host", required: true)),
            Destination(new("port", "Port", FieldInputKind.Number, Required: true, Secret: false, [], "587")),
            Text("username", "Username", required: false),
            Secret("password", "Password", required: false),
            Destination(new("encryption", "Encryption", FieldInputKind.Select, Required: true, Secret: false, CredentialWireNames.SmtpEncryptions, "starttls")),
        ]),
        new(CredentialType.OAuth2, "OAuth 2.0", "OAuth integrations.",
        [
            Text("client_id", "Client ID", required: true),
            // Empty for a public client, which proves itself with PKCE alone.
            Secret("client_secret", "Client secret", required: false),
            new("grant_type", "Grant type", FieldInputKind.Select, Required: false, Secret: false, CredentialWireNames.OAuth2GrantTypes, "authorization_code"),
            Destination(Text("authorization_endpoint", "Authorization endpoint URL", required: false)),
            Destination(Text("token_endpoint", "Token endpoint URL", required: false)),
            Text("scopes", "Scopes (space-separated)", required: false),
            Destination(Text("issuer", "Issuer URL (discovers the endpoints)", required: false)),
            Destination(Text("resource", "Resource (RFC 8707), such as an MCP server URL", required: false)),
            Secret("access_token", "Access token", required: false),
            Secret("refresh_token", "Refresh token", required: false),
            Text("expires_at", "Access token expires at (ISO 8601)", required: false),
        ]),
        new(CredentialType.SshKey, "SSH Key", "SSH connections.",
        [
            new("private_key", "Private key", FieldInputKind.Multiline, Required: true, Secret: true, [], null),
            new("public_key", "Public key", FieldInputKind.Multiline, Required: false, Secret: false, [], null),
            Secret("passphrase", "Passphrase", required: false),
        ]),
        new(CredentialType.Custom, "Custom", "Anything else, as a JSON object.",
        [
            new("value", "Values (JSON object)", FieldInputKind.Json, Required: true, Secret: true, [], null),
        ]),
    ];

    public IReadOnlyList<CredentialSchema> All => Schemas;

    public CredentialSchema Get(CredentialType type) =>
        Enum.IsDefined(type) ? Schemas[(int)type] : throw new ArgumentOutOfRangeException(nameof(type), "The credential type is not defined.");

    private static CredentialFieldSchema Destination(CredentialFieldSchema field) => field with { IsDestination = true };

    private static CredentialFieldSchema Text(string name, string label, bool required) =>
        new(name, label, FieldInputKind.Text, required, Secret: false, [], null);

    private static CredentialFieldSchema Secret(string name, string label, bool required = true) =>
        new(name, label, FieldInputKind.Password, required, Secret: true, [], null);
}
