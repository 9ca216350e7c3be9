using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>
/// The values of a credential, one record per <see cref="CredentialType"/>. <c>ToString()</c> never shows a secret.
/// Serialized (only inside the sealed payload) with a <c>type</c> discriminator and snake_case field names.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ApiToken), "api_token")]
[JsonDerivedType(typeof(KeyPair), "key_pair")]
[JsonDerivedType(typeof(UsernamePassword), "username_password")]
[JsonDerivedType(typeof(Smtp), "smtp")]
[JsonDerivedType(typeof(OAuth2), "oauth2")]
[JsonDerivedType(typeof(SshKey), "ssh_key")]
[JsonDerivedType(typeof(Custom), "custom")]
public abstract record CredentialSecret
{
    private protected CredentialSecret()
    {
    }

    /// <summary>The credential type these values belong to.</summary>
    [JsonIgnore]
    public abstract CredentialType Type { get; }

    /// <summary>Shows which fields are set, never their values.</summary>
    public abstract override string ToString();

    /// <summary>How a field appears in <c>ToString()</c>: secret values are hidden, empty optional ones are marked.</summary>
    private protected static string Hidden(string? value) => string.IsNullOrEmpty(value) ? "(empty)" : "***";
}
