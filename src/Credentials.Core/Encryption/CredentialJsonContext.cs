using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>
/// The only JSON the vault writes: the sealed payload (a <see cref="CredentialSecret"/> with its <c>type</c>
/// discriminator and snake_case wire names), the key file and the stored key ring. Source-generated: no reflection at run time.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(CredentialSecret))]
[JsonSerializable(typeof(KeyRingDocument))]
[JsonSerializable(typeof(StoredKeyRingHeader))]
[JsonSerializable(typeof(StoredKeyRingEntry))]
[JsonSerializable(typeof(PassphraseKdfParameters))]
[JsonSerializable(typeof(CredentialCategory))]
[JsonSerializable(typeof(CredentialType))]
internal sealed partial class CredentialJsonContext : JsonSerializerContext;
