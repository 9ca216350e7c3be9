namespace Credentials.Tests.Validation;

/// <summary>A test key pair.</summary>
/// <param name="Algorithm">The SSH key type, such as <c>ssh-ed25519</c>.</param>
/// <param name="PrivateKey">The private key text.</param>
/// <param name="OtherEncoding">The same private key in another encoding (PKCS#8 for ed25519; the same text otherwise).</param>
/// <param name="PublicKey">The public key line without a comment.</param>
/// <param name="PublicBlob">The public key blob.</param>
public sealed record TestKey(string Algorithm, string PrivateKey, string OtherEncoding, string PublicKey, byte[] PublicBlob)
{
    /// <summary>The credential with the public key omitted.</summary>
    public SshKey Secret => new(PrivateKey);

    /// <inheritdoc/>
    public override string ToString() => Algorithm;
}
