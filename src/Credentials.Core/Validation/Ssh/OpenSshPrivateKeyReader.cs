using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Credentials;

/// <summary>
/// Reads the body of an <c>OPENSSH PRIVATE KEY</c> (PROTOCOL.key, "openssh-key-v1"): unencrypted, or encrypted with
/// bcrypt_pbkdf + aes256-ctr (ssh-keygen's default). The private section is parsed here rather than by BouncyCastle,
/// which refuses encrypted keys; BouncyCastle does the key arithmetic.
/// </summary>
internal static class OpenSshPrivateKeyReader
{
    public const string SupportedCipher = "aes256-ctr";

    private const int AesKeySize = 32;
    private const int AesBlockSize = 16;
    private const int MaxSaltLength = 1024;

    private static ReadOnlySpan<byte> Magic => "openssh-key-v1\0"u8;

    public static SshKeyInfo Read(byte[] body, string? passphrase, List<CredentialValidationWarning> warnings)
    {
        if (!body.AsSpan().StartsWith(Magic))
        {
            throw new SshKeyException("is not an OpenSSH private key: the data after the BEGIN line does not start with openssh-key-v1");
        }

        var reader = new SshWireReader(body.AsSpan(Magic.Length));
        var cipher = reader.ReadName();
        var kdf = reader.ReadName();
        var kdfOptions = reader.ReadString();
        if (reader.ReadUInt32() != 1)
        {
            throw new SshKeyException("must hold exactly one key");
        }

        var publicBlob = reader.ReadString().ToArray();
        var section = reader.ReadString();
        var encrypted = cipher != "none";
        if (encrypted && cipher != SupportedCipher)
        {
            // Checked before anything else: AEAD ciphers (aes256-gcm, chacha20-poly1305) append a tag after the section.
            throw new SshKeyException(
                $"is encrypted with the unsupported cipher {cipher}; only {SupportedCipher} (ssh-keygen's default) is supported: re-encrypt it with ssh-keygen -p -Z {SupportedCipher}");
        }

        if (reader.Remaining != 0)
        {
            throw new SshKeyException("is corrupt: there is data after the key");
        }

        byte[] plain;
        if (!encrypted)
        {
            if (kdf != "none")
            {
                throw new SshKeyException($"is corrupt: it is not encrypted but names the key derivation {kdf}");
            }

            plain = section.ToArray();
        }
        else
        {
            plain = Decrypt(kdf, kdfOptions, section, passphrase);
        }

        try
        {
            var info = ReadPrivateSection(plain, encrypted, warnings);
            if (!info.PublicKeyBlob.AsSpan().SequenceEqual(publicBlob))
            {
                throw SshKeyMaterial.Inconsistent();
            }

            return info;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] Decrypt(string kdf, ReadOnlySpan<byte> kdfOptions, ReadOnlySpan<byte> section, string? passphrase)
    {
        if (kdf != "bcrypt")
        {
            throw new SshKeyException($"uses the unsupported key derivation {kdf}; only bcrypt (ssh-keygen's default) is supported");
        }

        var options = new SshWireReader(kdfOptions);
        var salt = options.ReadString();
        var rounds = options.ReadUInt32();
        if (options.Remaining != 0 || salt.IsEmpty || salt.Length > MaxSaltLength)
        {
            throw new SshKeyException("is corrupt: its bcrypt parameters are malformed");
        }

        if (rounds is 0 or > BcryptPbkdf.MaxRounds)
        {
            throw new SshKeyException($"asks for {rounds} bcrypt rounds; from 1 to {BcryptPbkdf.MaxRounds} are accepted (ssh-keygen's default is 16)");
        }

        if (section.IsEmpty || section.Length % AesBlockSize != 0)
        {
            throw SshKeyException.Truncated();
        }

        if (string.IsNullOrEmpty(passphrase))
        {
            throw new SshKeyException("passphrase", "is required: the private key is encrypted");
        }

        var password = Encoding.UTF8.GetBytes(passphrase);
        var keyAndIv = new byte[AesKeySize + AesBlockSize];
        try
        {
            BcryptPbkdf.DeriveKey(password, salt, (int)rounds, keyAndIv);
            var ctr = new SicBlockCipher(new AesEngine());
            ctr.Init(false, new ParametersWithIV(new KeyParameter(keyAndIv, 0, AesKeySize), keyAndIv, AesKeySize, AesBlockSize));
            var plain = new byte[section.Length];
            for (var offset = 0; offset < section.Length; offset += AesBlockSize)
            {
                ctr.ProcessBlock(section.Slice(offset, AesBlockSize), plain.AsSpan(offset, AesBlockSize));
            }

            return plain;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
            CryptographicOperations.ZeroMemory(keyAndIv);
        }
    }

    private static SshKeyInfo ReadPrivateSection(byte[] plain, bool encrypted, List<CredentialValidationWarning> warnings)
    {
        var reader = new SshWireReader(plain);
        if (reader.Remaining < 8)
        {
            throw SshKeyException.Truncated();
        }

        // Two equal random words: after decryption they differ unless the passphrase was right.
        if (reader.ReadUInt32() != reader.ReadUInt32())
        {
            throw encrypted ? SshKeyException.WrongPassphrase() : new SshKeyException("is corrupt: its check values differ");
        }

        var algorithm = reader.ReadName();
        var info = algorithm switch
        {
            "ssh-ed25519" => ReadEd25519(ref reader, encrypted),
            "ssh-rsa" => ReadRsa(ref reader, encrypted, warnings),
            _ when algorithm.StartsWith("ecdsa-sha2-", StringComparison.Ordinal) && !algorithm.Contains('@', StringComparison.Ordinal) => ReadEcdsa(ref reader, algorithm, encrypted),
            "ssh-dss" => throw new SshKeyException("is a DSA (ssh-dss) key, which OpenSSH no longer accepts; " + SshKeyMaterial.SupportedTypes),
            _ when algorithm.StartsWith("sk-", StringComparison.Ordinal) => throw new SshKeyException("is a hardware security key (FIDO) handle, which cannot be used without its device; " + SshKeyMaterial.SupportedTypes),
            _ => throw new SshKeyException($"is a {algorithm} key; " + SshKeyMaterial.SupportedTypes),
        };

        reader.ReadString(); // The comment.

        // Padding: 1, 2, 3, ... up to the cipher's block size.
        var padding = reader.Rest;
        if (padding.Length >= (encrypted ? AesBlockSize : 8))
        {
            throw new SshKeyException("is corrupt: there is data after the key");
        }

        for (var i = 0; i < padding.Length; i++)
        {
            if (padding[i] != i + 1)
            {
                throw new SshKeyException("is corrupt: its padding is wrong");
            }
        }

        return info;
    }

    private static SshKeyInfo ReadEd25519(ref SshWireReader reader, bool encrypted)
    {
        var publicKey = reader.ReadString();
        var secret = reader.ReadString();
        if (publicKey.Length != Ed25519PublicKeyParameters.KeySize
            || secret.Length != Ed25519PrivateKeyParameters.KeySize + Ed25519PublicKeyParameters.KeySize
            || !secret[Ed25519PrivateKeyParameters.KeySize..].SequenceEqual(publicKey))
        {
            throw SshKeyMaterial.Inconsistent();
        }

        return SshKeyMaterial.Ed25519(secret[..Ed25519PrivateKeyParameters.KeySize], publicKey, encrypted);
    }

    private static SshKeyInfo ReadRsa(ref SshWireReader reader, bool encrypted, List<CredentialValidationWarning> warnings)
    {
        // n, e, d, iqmp, p, q: d and iqmp are not needed to check the key and derive its public half.
        var n = reader.ReadMpint();
        var e = reader.ReadMpint();
        reader.ReadString();
        reader.ReadString();
        var p = reader.ReadMpint();
        var q = reader.ReadMpint();
        return SshKeyMaterial.Rsa(n, e, p, q, encrypted, warnings);
    }

    private static SshKeyInfo ReadEcdsa(ref SshWireReader reader, string algorithm, bool encrypted)
    {
        var curveName = reader.ReadName();
        if (algorithm != "ecdsa-sha2-" + curveName)
        {
            throw SshKeyMaterial.Inconsistent();
        }

        var (_, oid, _) = SshKeyMaterial.CurveNamed(curveName);
        var point = reader.ReadString().ToArray();
        var d = reader.ReadMpint();
        var domain = new ECNamedDomainParameters(oid, Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByOid(oid));
        return SshKeyMaterial.Ecdsa(new ECPrivateKeyParameters(d, domain), point, encrypted);
    }
}
