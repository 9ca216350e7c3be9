using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>The seven kinds of credential; each has its own fields (see <see cref="ICredentialSchemas"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CredentialType>))]
public enum CredentialType
{
    /// <summary>A single token (<c>token</c>). Wire name <c>api_token</c>.</summary>
    [JsonStringEnumMemberName("api_token")]
    ApiToken,

    /// <summary>A key and a secret (<c>api_key</c>, <c>api_secret</c>). Wire name <c>key_pair</c>.</summary>
    [JsonStringEnumMemberName("key_pair")]
    KeyPair,

    /// <summary>Basic authentication (<c>username</c>, <c>password</c>). Wire name <c>username_password</c>.</summary>
    [JsonStringEnumMemberName("username_password")]
    UsernamePassword,

    /// <summary>Outbound email (<c>host</c>, <c>port</c>, <c>username</c>, <c>password</c>, <c>encryption</c>). Wire name <c>smtp</c>.</summary>
    [JsonStringEnumMemberName("smtp")]
    Smtp,

    /// <summary>OAuth 2.0 client and tokens. Wire name <c>oauth2</c>.</summary>
    [JsonStringEnumMemberName("oauth2")]
    OAuth2,

    /// <summary>An SSH key (<c>private_key</c>, <c>public_key</c>, <c>passphrase</c>). Wire name <c>ssh_key</c>.</summary>
    [JsonStringEnumMemberName("ssh_key")]
    SshKey,

    /// <summary>Free-form JSON object, all of it secret. Wire name <c>custom</c>.</summary>
    [JsonStringEnumMemberName("custom")]
    Custom,
}
