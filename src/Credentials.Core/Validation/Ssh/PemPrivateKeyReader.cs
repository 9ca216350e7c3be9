using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;

namespace Credentials;

/// <summary>
/// Reads PEM private keys: PKCS#1 (<c>RSA PRIVATE KEY</c>), SEC1 (<c>EC PRIVATE KEY</c>), PKCS#8 (<c>PRIVATE KEY</c>) and
/// encrypted PKCS#8 (<c>ENCRYPTED PRIVATE KEY</c>), and legacy <c>DEK-Info</c> encryption of the first two. Work is bounded
/// before any decryption: PBKDF2 iterations are capped and only PBKDF2 is accepted (scrypt parameters could ask for
/// gigabytes).
/// </summary>
internal static class PemPrivateKeyReader
{
    /// <summary>The most PBKDF iterations accepted (OpenSSL writes 2,048; OWASP suggests 600,000 for PBKDF2-SHA256).</summary>
    public const int MaxIterations = 1_000_000;

    private static readonly string[] LegacyCiphers = ["AES-128-CBC", "AES-192-CBC", "AES-256-CBC", "DES-EDE3-CBC", "DES-CBC"];

    public static SshKeyInfo Read(string text, PemArmor armor, string? passphrase, List<CredentialValidationWarning> warnings)
    {
        var encrypted = armor.Label switch
        {
            "RSA PRIVATE KEY" or "EC PRIVATE KEY" or "PRIVATE KEY" => CheckLegacyEncryption(armor),
            "ENCRYPTED PRIVATE KEY" => CheckPkcs8Encryption(armor.Body),
            "DSA PRIVATE KEY" => throw new SshKeyException("is a DSA (ssh-dss) key, which OpenSSH no longer accepts; " + SshKeyMaterial.SupportedTypes),
            "SSH2 ENCRYPTED PRIVATE KEY" => throw new SshKeyException("is an ssh.com (SECSH) key: convert it with ssh-keygen -i -f key, then paste that"),
            _ => throw new SshKeyException($"is a PEM {armor.Label}, not a private key; paste an OpenSSH or PEM private key"),
        };

        if (DeclaresMoreThanItHas(armor.Body))
        {
            throw SshKeyException.Truncated();
        }

        if (encrypted && string.IsNullOrEmpty(passphrase))
        {
            throw new SshKeyException("passphrase", "is required: the private key is encrypted");
        }

        object? parsed;
        try
        {
            using var reader = new StringReader(text);
            parsed = new PemReader(reader, new Password(passphrase)).ReadObject();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Decryption with a wrong passphrase fails on padding or yields bytes that are not a key.
            throw encrypted ? SshKeyException.WrongPassphrase() : new SshKeyException("is not a valid private key: its contents do not parse as " + armor.Label);
        }

        var key = parsed switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter single => single,
            _ => throw new SshKeyException("is not a valid private key: its contents do not parse as " + armor.Label),
        };

        try
        {
            return SshKeyMaterial.Describe(key, encrypted, warnings);
        }
        catch (SshKeyException) when (encrypted)
        {
            // Legacy CBC decryption with a wrong passphrase can, rarely, leave valid padding and parseable garbage.
            throw SshKeyException.WrongPassphrase();
        }
    }

    private static bool CheckLegacyEncryption(PemArmor armor)
    {
        if (!armor.Headers.TryGetValue("Proc-Type", out var procType) || !procType.Contains("ENCRYPTED", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var dekInfo = armor.Headers.GetValueOrDefault("DEK-Info") ?? string.Empty;
        var cipher = dekInfo.Split(',')[0].Trim();
        if (!LegacyCiphers.Contains(cipher, StringComparer.OrdinalIgnoreCase))
        {
            throw new SshKeyException($"is encrypted with the unsupported cipher {Printable(cipher)}; supported are {string.Join(", ", LegacyCiphers)}");
        }

        return true;
    }

    private static bool CheckPkcs8Encryption(byte[] body)
    {
        AlgorithmIdentifier algorithm;
        try
        {
            algorithm = EncryptedPrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(body)).EncryptionAlgorithm;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new SshKeyException("is not a valid private key: its contents do not parse as ENCRYPTED PRIVATE KEY");
        }

        long iterations;
        try
        {
            if (algorithm.Algorithm.Equals(PkcsObjectIdentifiers.IdPbeS2))
            {
                var pbes2 = PbeS2Parameters.GetInstance(algorithm.Parameters);
                if (!pbes2.KeyDerivationFunc.Algorithm.Equals(PkcsObjectIdentifiers.IdPbkdf2))
                {
                    throw new SshKeyException("uses an unsupported key derivation; only PBKDF2 is supported (re-export it with ssh-keygen -p -m PKCS8)");
                }

                iterations = Pbkdf2Params.GetInstance(pbes2.KeyDerivationFunc.Parameters).IterationCount.LongValue;
            }
            else
            {
                // PBES1 and PKCS#12 PBE parameters are both SEQUENCE { salt OCTET STRING, iterations INTEGER }.
                iterations = DerInteger.GetInstance(Asn1Sequence.GetInstance(algorithm.Parameters)[1]).Value.LongValue;
            }
        }
        catch (SshKeyException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new SshKeyException("is not a valid private key: its encryption parameters are malformed");
        }

        if (iterations is < 1 or > MaxIterations)
        {
            throw new SshKeyException($"asks for {iterations} key derivation iterations; from 1 to {MaxIterations} are accepted");
        }

        return true;
    }

    /// <summary>True when the outer DER element says it is longer than the data that is there: the key was cut.</summary>
    private static bool DeclaresMoreThanItHas(byte[] der)
    {
        if (der.Length < 2 || der[0] != 0x30)
        {
            return false;
        }

        long length = der[1];
        var header = 2;
        if (length > 0x80)
        {
            var count = (int)(length & 0x7F);
            if (count > 4 || der.Length < 2 + count)
            {
                return count <= 4;
            }

            length = 0;
            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | der[2 + i];
            }

            header += count;
        }

        return header + length > der.Length;
    }

    private static string Printable(string value) =>
        value.Length is > 0 and <= 32 && value.All(c => c is > ' ' and <= '~') ? value : "(unreadable)";

    private sealed class Password(string? passphrase) : IPasswordFinder
    {
        public char[] GetPassword() => passphrase?.ToCharArray() ?? throw new PasswordException("A passphrase is required.");
    }
}
