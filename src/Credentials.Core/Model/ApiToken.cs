using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>A single API token (<c>token</c>), such as an OpenAI key.</summary>
/// <param name="Token">The token. Secret.</param>
public sealed record ApiToken(string Token) : CredentialSecret
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override CredentialType Type => CredentialType.ApiToken;

    /// <inheritdoc/>
    public override string ToString() => $"ApiToken {{ Token = {Hidden(Token)} }}";
}
