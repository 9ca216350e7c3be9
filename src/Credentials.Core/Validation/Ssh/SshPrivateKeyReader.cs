namespace Credentials;

/// <summary>Reads a pasted private key, OpenSSH or PEM, with its passphrase when it is encrypted.</summary>
internal static class SshPrivateKeyReader
{
    /// <summary>The longest key text accepted: an RSA 8192-bit key file is about 6,500 characters.</summary>
    public const int MaxTextLength = 16_384;

    /// <summary>Reads the key. Throws <see cref="SshKeyException"/> naming the field to fix.</summary>
    public static SshKeyInfo Read(string text, string? passphrase, List<CredentialValidationWarning> warnings)
    {
        if (text.Length > MaxTextLength)
        {
            throw new SshKeyException($"must be at most {MaxTextLength} characters (an RSA key of 8192 bits takes about 6,500)");
        }

        var armor = PemArmor.Parse(text.Replace("\r", string.Empty, StringComparison.Ordinal));
        SshKeyInfo info;
        try
        {
            info = armor.Label == "OPENSSH PRIVATE KEY"
                ? OpenSshPrivateKeyReader.Read(armor.Body, passphrase, warnings)
                : PemPrivateKeyReader.Read(text, armor, passphrase, warnings);
        }
        catch (SshKeyException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // BouncyCastle rejected a number or a point: the key's parts are not a key.
            throw SshKeyMaterial.Inconsistent();
        }

        if (!info.Encrypted && !string.IsNullOrEmpty(passphrase))
        {
            warnings.Add(new("passphrase", "is not needed: the private key is not encrypted"));
        }

        return info;
    }
}
