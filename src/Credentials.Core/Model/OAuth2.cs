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

    /// <inheritdoc/>
    public override string ToString() =>
        $"OAuth2 {{ ClientId = {Hidden(ClientId)}, ClientSecret = {Hidden(ClientSecret)}, AccessToken = {Hidden(AccessToken)}, RefreshToken = {Hidden(RefreshToken)} }}";
}
