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
            Text("host", "Host", required: true),
            new("port", "Port", FieldInputKind.Number, Required: true, Secret: false, [], "587"),
            Text("username", "Username", required: false),
            Secret("password", "Password", required: false),
            new("encryption", "Encryption", FieldInputKind.Select, Required: true, Secret: false, CredentialWireNames.SmtpEncryptions, "starttls"),
        ]),
        new(CredentialType.OAuth2, "OAuth 2.0", "OAuth integrations.",
        [
            Text("client_id", "Client ID", required: true),
            Secret("client_secret", "Client secret"),
            Secret("access_token", "Access token", required: false),
            Secret("refresh_token", "Refresh token", required: false),
            Text("token_endpoint", "Token endpoint URL", required: false),
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

    private static CredentialFieldSchema Text(string name, string label, bool required) =>
        new(name, label, FieldInputKind.Text, required, Secret: false, [], null);

    private static CredentialFieldSchema Secret(string name, string label, bool required = true) =>
        new(name, label, FieldInputKind.Password, required, Secret: true, [], null);
}
