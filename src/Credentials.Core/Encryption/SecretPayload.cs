using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Credentials;

/// <summary>
/// Reads an opened payload straight into the record of its stored type. The payload's associated data binds the stored
/// type, so once AES-GCM has authenticated it the type column is known to be right; reading the concrete type skips
/// the polymorphic reader's discriminator pass. The payload must still begin with its own matching discriminator
/// (the serializer writes it first), so a payload that names another type is refused, as before.
/// </summary>
internal static class SecretPayload
{
    // Indexed by CredentialType: the exact bytes every payload of that type starts with.
    private static readonly byte[][] Prefixes = CredentialWireNames.Types
        .Select(name => Encoding.UTF8.GetBytes("{\"type\":\"" + name + "\""))
        .ToArray();

    /// <summary>Deserializes <paramref name="payload"/> as <paramref name="type"/>; null when it is not that type.</summary>
    /// <exception cref="JsonException">The payload is not readable JSON of that type.</exception>
    public static CredentialSecret? Read(CredentialType type, ReadOnlySpan<byte> payload)
    {
        if (!payload.StartsWith(Prefixes[(int)type]))
        {
            return null;
        }

        var context = CredentialJsonContext.Default;
        return type switch
        {
            CredentialType.ApiToken => Read(payload, context.ApiToken),
            CredentialType.KeyPair => Read(payload, context.KeyPair),
            CredentialType.UsernamePassword => Read(payload, context.UsernamePassword),
            CredentialType.Smtp => Read(payload, context.Smtp),
            CredentialType.OAuth2 => Read(payload, context.OAuth2),
            CredentialType.SshKey => Read(payload, context.SshKey),
            CredentialType.Custom => Read(payload, context.Custom),
            _ => null,
        };
    }

    private static T? Read<T>(ReadOnlySpan<byte> payload, JsonTypeInfo<T> typeInfo)
        where T : CredentialSecret => JsonSerializer.Deserialize(payload, typeInfo);
}
