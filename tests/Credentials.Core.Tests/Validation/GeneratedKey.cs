namespace Credentials.Tests.Validation;

/// <summary>A key pair written by ssh-keygen, and what ssh-keygen says about it.</summary>
/// <param name="PrivateKey">The private key file's text.</param>
/// <param name="PublicKeyLine">The .pub file's line (type, base64, comment).</param>
/// <param name="Fingerprint">The <c>SHA256:...</c> field of <c>ssh-keygen -lf</c>.</param>
/// <param name="TypeLabel">The type in parentheses at the end of <c>ssh-keygen -lf</c>, such as <c>ED25519</c>.</param>
/// <param name="Passphrase">The passphrase, or null when the key is not encrypted.</param>
public sealed record GeneratedKey(string PrivateKey, string PublicKeyLine, string Fingerprint, string TypeLabel, string? Passphrase)
{
    /// <summary>The .pub line's key part: type and base64, without the comment.</summary>
    public string PublicKeyPart => string.Join(' ', PublicKeyLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));

    /// <inheritdoc/>
    public override string ToString() => $"{TypeLabel} {Fingerprint}";
}
