using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>A key and its secret (<c>api_key</c>, <c>api_secret</c>), such as an AWS access key.</summary>
/// <param name="ApiKey">The key id. Not secret, but only the masked summary is ever shown in listings.</param>
/// <param name="ApiSecret">The secret. Secret.</param>
public sealed record KeyPair(string ApiKey, string ApiSecret) : CredentialSecret
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override CredentialType Type => CredentialType.KeyPair;

    /// <inheritdoc/>
    public override string ToString() => $"KeyPair {{ ApiKey = {Hidden(ApiKey)}, ApiSecret = {Hidden(ApiSecret)} }}";
}
