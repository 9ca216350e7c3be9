namespace Credentials;

/// <summary>What reading a private key tells: its SSH algorithm name, its public key blob and its size. No secret.</summary>
/// <param name="Algorithm">The SSH key type, such as <c>ssh-ed25519</c>, <c>ssh-rsa</c> or <c>ecdsa-sha2-nistp256</c>.</param>
/// <param name="PublicKeyBlob">The public key in SSH wire encoding (what a <c>.pub</c> line carries in base64).</param>
/// <param name="Bits">The key size in bits.</param>
/// <param name="Encrypted">Whether the key text was passphrase-protected.</param>
internal sealed record SshKeyInfo(string Algorithm, byte[] PublicKeyBlob, int Bits, bool Encrypted)
{
    /// <summary>The public key line without a comment, such as <c>ssh-ed25519 AAAA...</c>.</summary>
    public string PublicKeyLine => SshPublicKeys.FormatLine(Algorithm, PublicKeyBlob);

    /// <summary>What <c>ssh-keygen -l</c> prints, such as <c>ED25519 SHA256:...</c>.</summary>
    public string Summary => SshPublicKeys.Summary(Algorithm, PublicKeyBlob);
}
