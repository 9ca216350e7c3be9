using System.Security.Cryptography;
using System.Text;
using Renci.SshNet;

namespace Credentials;

/// <summary>
/// Reads the body of an <c>OPENSSH PRIVATE KEY</c>, in every cipher <c>ssh-keygen -Z</c> writes. Its plaintext framing
/// is checked first (<see cref="OpenSshKeyHeader"/>: the bcrypt rounds and the RSA size the key asks for are bounded
/// there), then SSH.NET's <see cref="PrivateKeyFile"/> decrypts and parses it, and <see cref="SshKeyMaterial"/> checks
/// that what SSH.NET read is one key, the one whose public half is stored beside it.
/// </summary>
internal static class OpenSshPrivateKeyReader
{
    private const int LineLength = 70;

    public static SshKeyInfo Read(byte[] body, string? passphrase, List<CredentialValidationWarning> warnings)
    {
        var header = OpenSshKeyHeader.Read(body);
        SshKeyMaterial.CheckPublicBlob(header.PublicKeyBlob);
        if (header.Encrypted && string.IsNullOrEmpty(passphrase))
        {
            throw new SshKeyException("passphrase", "is required: the private key is encrypted");
        }

        // Re-armored from the decoded body: SSH.NET wants lines of at most 80 characters, while pasted keys are often
        // re-wrapped, indented or carry trailing spaces that the armor reader here already forgave.
        var armored = Encoding.ASCII.GetBytes(Armor(body));
        try
        {
            using var file = Open(armored, header.Encrypted ? passphrase : null, header.Encrypted);
            var info = SshKeyMaterial.Describe(file.Key, header.Encrypted, warnings);
            if (!info.PublicKeyBlob.AsSpan().SequenceEqual(header.PublicKeyBlob))
            {
                throw SshKeyMaterial.Inconsistent();
            }

            return info;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(armored);
        }
    }

    private static PrivateKeyFile Open(byte[] armored, string? passphrase, bool encrypted)
    {
        using var stream = new MemoryStream(armored, writable: false);
        try
        {
            return new PrivateKeyFile(stream, passphrase);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The framing, the cipher and the key type were checked above, so what fails here is the private section:
            // encrypted, its check values or AEAD tag do not verify (a wrong passphrase, as ssh-keygen says too);
            // in the clear, it is damaged. SSH.NET's message is not passed on: it can quote decrypted bytes.
            throw encrypted ? SshKeyException.WrongPassphrase() : SshKeyMaterial.Inconsistent();
        }
    }

    private static string Armor(byte[] body)
    {
        var base64 = Convert.ToBase64String(body);
        var text = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n", base64.Length + 100);
        for (var offset = 0; offset < base64.Length; offset += LineLength)
        {
            text.Append(base64, offset, Math.Min(LineLength, base64.Length - offset)).Append('\n');
        }

        return text.Append("-----END OPENSSH PRIVATE KEY-----\n").ToString();
    }
}
