using System.Globalization;
using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>
/// An OAuth 2.0 client and, optionally, its tokens. The endpoints, issuer and resource are destination fields: they decide
/// where the client secret and tokens are sent, so changing one on update requires every stored secret to be entered again.
/// </summary>
/// <param name="ClientId">The client id.</param>
/// <param name="ClientSecret">The client secret. Secret. Empty for a public client (PKCE only).</param>
/// <param name="AccessToken">The access token, if any. Secret.</param>
/// <param name="RefreshToken">The refresh token, if any. Secret.</param>
public sealed record OAuth2(string ClientId, string ClientSecret, string? AccessToken = null, string? RefreshToken = null) : CredentialSecret
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override CredentialType Type => CredentialType.OAuth2;

    /// <summary>How access tokens are obtained (<c>grant_type</c>). Not secret.</summary>
    /// <value>Defaults to <see cref="OAuth2GrantType.AuthorizationCode"/>.</value>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public OAuth2GrantType GrantType { get; init; }

    /// <summary>
    /// The authorization server's issuer identifier (<c>issuer</c>), such as <c>https://auth.example.com</c>; its metadata
    /// (RFC 8414 / OpenID discovery) names the endpoints when they are not given. Optional. Absolute https URL. Not secret.
    /// </summary>
    public string? Issuer { get; init; }

    /// <summary>The authorization endpoint (<c>authorization_endpoint</c>) the browser is sent to. Optional. Absolute https URL. Not secret.</summary>
    public string? AuthorizationEndpoint { get; init; }

    /// <summary>
    /// The authorization server's token endpoint (<c>token_endpoint</c>), such as <c>https://auth.example.com/oauth/token</c>;
    /// optional. Must be an absolute https URL (http only for localhost, 127.0.0.1 or ::1). Not secret.
    /// </summary>
    public string? TokenEndpoint { get; init; }

    /// <summary>The scopes to ask for (<c>scopes</c>), space-separated as RFC 6749 §3.3 writes them. Optional. Not secret.</summary>
    public string? Scopes { get; init; }

    /// <summary>
    /// The protected resource the tokens are for (<c>resource</c>, RFC 8707), such as an MCP server's URL. Optional.
    /// Absolute URL. Not secret.
    /// </summary>
    public string? Resource { get; init; }

    /// <summary>
    /// When the access token expires (<c>expires_at</c>), if known. Not secret. The vault refreshes the token before then by
    /// itself; this is not the credential's own expiry (<see cref="CredentialView.ExpiresAt"/>, set by a person, for example
    /// when the client secret stops working), which drives the card's state and the expiry scan.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// When the access token was issued (<c>issued_at</c>), written by the OAuth package beside <see cref="ExpiresAt"/> so
    /// a refresh is due at expiry − min(15 min, half the lifetime). Internal: not a form field; a manual edit drops it.
    /// </summary>
    [JsonInclude]
    internal DateTimeOffset? IssuedAt { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"OAuth2 {{ ClientId = {Hidden(ClientId)}, ClientSecret = {Hidden(ClientSecret)}, AccessToken = {Hidden(AccessToken)}, RefreshToken = {Hidden(RefreshToken)}, TokenEndpoint = {Hidden(TokenEndpoint)}, ExpiresAt = {ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "(empty)"} }}";
}
