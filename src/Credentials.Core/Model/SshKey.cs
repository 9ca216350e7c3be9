using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>An SSH key (<c>private_key</c>, <c>public_key</c>, <c>passphrase</c>).</summary>
/// <param name="PrivateKey">The private key text (OpenSSH or PEM). Secret.</param>
/// <param name="PublicKey">The public key line, if given.</param>
/// <param name="Passphrase">The passphrase that opens the private key, if it is encrypted. Secret.</param>
public sealed record SshKey(string PrivateKey, string? PublicKey = null, string? Passphrase = null) : CredentialSecret
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override CredentialType Type => CredentialType.SshKey;

    /// <inheritdoc/>
    public override string ToString() =>
        $"SshKey {{ PrivateKey = {Hidden(PrivateKey)}, PublicKey = {Hidden(PublicKey)}, Passphrase = {Hidden(Passphrase)} }}";
}
