using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Credentials;

/// <summary>
/// Reads PEM private keys: PKCS#1 (<c>RSA PRIVATE KEY</c>), SEC1 (<c>EC PRIVATE KEY</c>), PKCS#8 (<c>PRIVATE KEY</c>),
/// encrypted PKCS#8 (<c>ENCRYPTED PRIVATE KEY</c>), and legacy <c>DEK-Info</c> encryption of the first two. Work is
/// bounded before anything expensive: PBKDF2 iterations are capped, only PBKDF2 is accepted (scrypt parameters could
/// ask for gigabytes), and RSA numbers are read from their ASN.1 structure rather than through BouncyCastle's RSA
/// parameters (whose primality test on a large hostile modulus costs seconds).
/// </summary>
internal static class PemPrivateKeyReader
{
    /// <summary>
    /// The most key derivation iterations accepted (PBKDF2, PBES1, PKCS#12 PBE). The key carries the count and it is
    /// spent on every create or update before the passphrase can be checked: BouncyCastle's PBKDF2 takes about 3 µs
    /// an iteration here, so the former cap of 1,000,000 let one request burn 3 s of CPU. OpenSSL, and so
    /// <c>ssh-keygen -m PKCS8</c>, writes 2,048; 100,000 (about 0.3 s) leaves room for tools that raise it.
    /// </summary>
    public const int MaxIterations = 100_000;

    /// <summary>An encrypted PKCS#1 body larger than this holds an RSA key over 8192 bits (such a key is about 4,700 bytes).</summary>
    private const int MaxLegacyRsaBody = 5_120;

    private static readonly string[] LegacyCiphers = ["AES-128-CBC", "AES-192-CBC", "AES-256-CBC", "DES-EDE3-CBC", "DES-CBC"];

    public static SshKeyInfo Read(string text, PemArmor armor, string? passphrase, List<CredentialValidationWarning> warnings)
    {
        if (DeclaresMoreThanItHas(armor.Body))
        {
            throw SshKeyException.Truncated();
        }

        switch (armor.Label)
        {
            case "RSA PRIVATE KEY" or "EC PRIVATE KEY" when IsLegacyEncrypted(armor):
                return ReadLegacyEncrypted(text, armor, RequirePassphrase(passphrase), warnings);
            case "RSA PRIVATE KEY":
                return Parse(armor.Label, encrypted: false, () => Rsa(RsaPrivateKeyStructure.GetInstance(armor.Body), encrypted: false, warnings));
            case "EC PRIVATE KEY":
                return Parse(armor.Label, encrypted: false, () => SshKeyMaterial.Describe(ReadWithBouncyCastle(text, null), encrypted: false, warnings));
            case "PRIVATE KEY":
                return Parse(armor.Label, encrypted: false, () => FromPrivateKeyInfo(PrivateKeyInfo.GetInstance(armor.Body), encrypted: false, warnings));
            case "ENCRYPTED PRIVATE KEY":
                var encryptedInfo = CheckPkcs8Encryption(armor.Body);
                var password = RequirePassphrase(passphrase).ToCharArray();
                return Parse(armor.Label, encrypted: true, () =>
                    FromPrivateKeyInfo(PrivateKeyInfoFactory.CreatePrivateKeyInfo(password, encryptedInfo), encrypted: true, warnings));
            case "DSA PRIVATE KEY":
                throw new SshKeyException("is a DSA (ssh-dss) key, which OpenSSH no longer accepts; " + SshKeyMaterial.SupportedTypes);
            case "SSH2 ENCRYPTED PRIVATE KEY":
                throw new SshKeyException("is an ssh.com (SECSH) key: convert it with ssh-keygen -i -f key, then paste that");
            default:
                throw new SshKeyException($"is a PEM {armor.Label}, not a private key; paste an OpenSSH or PEM private key");
        }
    }

    /// <summary>Runs a parse; a failure is a wrong passphrase when the key was encrypted, a malformed key otherwise.</summary>
    private static SshKeyInfo Parse(string label, bool encrypted, Func<SshKeyInfo> parse)
    {
        try
        {
            return parse();
        }
        catch (SshKeyException ex) when (!encrypted || !ex.Corrupt)
        {
            throw; // About the key itself (its type or size), found after a successful decryption.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Decryption with a wrong passphrase fails on padding, or (rarely) yields bytes that are not a consistent key.
            throw encrypted ? SshKeyException.WrongPassphrase() : new SshKeyException("is not a valid private key: its contents do not parse as " + label);
        }
    }

    private static SshKeyInfo ReadLegacyEncrypted(string text, PemArmor armor, string passphrase, List<CredentialValidationWarning> warnings)
    {
        if (armor.Label == "RSA PRIVATE KEY" && armor.Body.Length > MaxLegacyRsaBody)
        {
            throw new SshKeyException($"is too large: RSA keys over {SshKeyMaterial.MaxRsaBits} bits are not accepted");
        }

        return Parse(armor.Label, encrypted: true, () => SshKeyMaterial.Describe(ReadWithBouncyCastle(text, passphrase), encrypted: true, warnings));
    }

    private static AsymmetricKeyParameter ReadWithBouncyCastle(string text, string? passphrase)
    {
        using var reader = new StringReader(text);
        return new PemReader(reader, new Password(passphrase)).ReadObject() switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter single => single,
            _ => throw new InvalidOperationException("not a key"),
        };
    }

    private static SshKeyInfo FromPrivateKeyInfo(PrivateKeyInfo info, bool encrypted, List<CredentialValidationWarning> warnings) =>
        info.PrivateKeyAlgorithm.Algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption)
            ? Rsa(RsaPrivateKeyStructure.GetInstance(info.ParsePrivateKey()), encrypted, warnings)
            : SshKeyMaterial.Describe(PrivateKeyFactory.CreateKey(info), encrypted, warnings);

    private static SshKeyInfo Rsa(RsaPrivateKeyStructure rsa, bool encrypted, List<CredentialValidationWarning> warnings) =>
        SshKeyMaterial.Rsa(rsa.Modulus, rsa.PublicExponent, rsa.Prime1, rsa.Prime2, encrypted, warnings);

    private static string RequirePassphrase(string? passphrase) =>
        string.IsNullOrEmpty(passphrase) ? throw new SshKeyException("passphrase", "is required: the private key is encrypted") : passphrase;

    private static bool IsLegacyEncrypted(PemArmor armor)
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

    private static EncryptedPrivateKeyInfo CheckPkcs8Encryption(byte[] body)
    {
        EncryptedPrivateKeyInfo info;
        long iterations;
        try
        {
            info = EncryptedPrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(body));
            var algorithm = info.EncryptionAlgorithm;
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
            throw new SshKeyException("is not a valid private key: its contents do not parse as ENCRYPTED PRIVATE KEY");
        }

        if (iterations is < 1 or > MaxIterations)
        {
            throw new SshKeyException($"asks for {iterations} key derivation iterations; from 1 to {MaxIterations} are accepted");
        }

        return info;
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
        public char[] GetPassword() => passphrase?.ToCharArray() ?? throw new Org.BouncyCastle.OpenSsl.PasswordException("A passphrase is required.");
    }
}
