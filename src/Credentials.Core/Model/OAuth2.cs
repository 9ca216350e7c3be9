using System.Globalization;
using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>An OAuth 2.0 client and, optionally, its tokens.</summary>
/// <param name="ClientId">The client id.</param>
/// <param name="ClientSecret">The client secret. Secret.</param>
/// <param name="AccessToken">The access token, if any. Secret.</param>
/// <param name="RefreshToken">The refresh token, if any. Secret.</param>
public sealed record OAuth2(string ClientId, string ClientSecret, string? AccessToken = null, string? RefreshToken = null) : CredentialSecret
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override CredentialType Type => CredentialType.OAuth2;

    /// <summary>
    /// The authorization server's token endpoint (<c>token_endpoint</c>), such as <c>https://auth.example.com/oauth/token</c>;
    /// optional. Must be an absolute https URL (http only for localhost, 127.0.0.1 or ::1). Not secret.
    /// </summary>
    public string? TokenEndpoint { get; init; }

    /// <summary>When the access token expires (<c>expires_at</c>), if known. Not secret.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"OAuth2 {{ ClientId = {Hidden(ClientId)}, ClientSecret = {Hidden(ClientSecret)}, AccessToken = {Hidden(AccessToken)}, RefreshToken = {Hidden(RefreshToken)}, TokenEndpoint = {Hidden(TokenEndpoint)}, ExpiresAt = {ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "(empty)"} }}";
}
