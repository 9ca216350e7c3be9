namespace Credentials;

/// <summary>What the vault uses of an authorization server's metadata (RFC 8414 / OpenID discovery).</summary>
internal sealed record OAuthServerMetadata(
    string Issuer,
    string? AuthorizationEndpoint,
    string? TokenEndpoint,
    string? RegistrationEndpoint,
    IReadOnlyList<string> TokenEndpointAuthMethods);
