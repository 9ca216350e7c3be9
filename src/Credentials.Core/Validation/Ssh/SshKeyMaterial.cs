using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Renci.SshNet.Security;

namespace Credentials;

/// <summary>
/// Turns a private key (however it was read) into its SSH algorithm and public key, after checking that its parts agree
/// (so a corrupt key or a wrong passphrase that happened to decrypt to something parseable is still caught).
/// </summary>
internal static class SshKeyMaterial
{
    public const int MinRsaBits = 1024;
    public const int WeakRsaBits = 2048;
    /// <summary>The largest RSA key accepted: bigger keys are very rare, and checking one costs seconds of CPU.</summary>
    public const int MaxRsaBits = 8_192;

    public const string SupportedTypes = "supported are ed25519, RSA and ECDSA (P-256, P-384, P-521)";

    private static readonly (string Name, DerObjectIdentifier Oid, int Bits)[] Curves =
    [
        ("nistp256", SecObjectIdentifiers.SecP256r1, 256),
        ("nistp384", SecObjectIdentifiers.SecP384r1, 384),
        ("nistp521", SecObjectIdentifiers.SecP521r1, 521),
    ];

    public static SshKeyInfo Describe(AsymmetricKeyParameter key, bool encrypted, List<CredentialValidationWarning> warnings) => key switch
    {
        Ed25519PrivateKeyParameters ed => Info("ssh-ed25519", ed.GeneratePublicKey(), 256, encrypted),
        RsaPrivateCrtKeyParameters rsa => Rsa(rsa.Modulus, rsa.PublicExponent, rsa.P, rsa.Q, encrypted, warnings),
        ECPrivateKeyParameters ec => Ecdsa(ec, null, encrypted),
        DsaPrivateKeyParameters => throw new SshKeyException("is a DSA (ssh-dss) key, which OpenSSH no longer accepts; " + SupportedTypes),
        { IsPrivate: false } => throw new SshKeyException("is a public key; paste the private key (the key file without .pub)"),
        _ => throw new SshKeyException("is a key type SSH does not use; " + SupportedTypes),
    };

    /// <summary>
    /// A key as SSH.NET read it. Its numbers are checked and the public key derived here, with BouncyCastle, rather than
    /// taken from SSH.NET, which keeps the public half stored in the file without checking it against the private one.
    /// </summary>
    public static SshKeyInfo Describe(Key key, bool encrypted, List<CredentialValidationWarning> warnings) => key switch
    {
        ED25519Key ed when ed.PrivateKey.Length >= Ed25519PrivateKeyParameters.KeySize =>
            Ed25519(ed.PrivateKey.AsSpan(0, Ed25519PrivateKeyParameters.KeySize), ed.PublicKey, encrypted),
        RsaKey rsa => Rsa(Unsigned(rsa.Modulus), Unsigned(rsa.Exponent), Unsigned(rsa.P), Unsigned(rsa.Q), encrypted, warnings),
        EcdsaKey ec => EcdsaFromSshNet(ec, encrypted),
        _ => throw new SshKeyException("is a key type SSH does not use; " + SupportedTypes),
    };

    /// <summary>
    /// Refuses, from the public key an OpenSSH file stores in the clear, a key type SSH does not use or an RSA key too
    /// large to check: before the private key is decrypted, so such a key costs no key derivation.
    /// </summary>
    public static void CheckPublicBlob(ReadOnlySpan<byte> blob)
    {
        var reader = new SshWireReader(blob);
        var algorithm = reader.ReadName();
        switch (algorithm)
        {
            case "ssh-ed25519":
                return;
            case "ssh-rsa":
                reader.ReadMpint(); // e
                var bits = reader.ReadMpint().BitLength;
                if (bits > MaxRsaBits)
                {
                    throw new SshKeyException($"is an RSA key of {bits} bits; at most {MaxRsaBits} are accepted");
                }

                if (bits < MinRsaBits)
                {
                    // Said here because SSH.NET (through OpenSSL) may refuse such a key as if it were damaged.
                    throw new SshKeyException($"is an RSA key of {bits} bits; OpenSSH refuses RSA keys under {MinRsaBits} bits");
                }

                return;
            case "ssh-dss":
                throw new SshKeyException("is a DSA (ssh-dss) key, which OpenSSH no longer accepts; " + SupportedTypes);
            case not null when algorithm.StartsWith("ecdsa-sha2-", StringComparison.Ordinal) && !algorithm.Contains('@', StringComparison.Ordinal):
                CurveNamed(algorithm["ecdsa-sha2-".Length..]);
                return;
            case not null when algorithm.StartsWith("sk-", StringComparison.Ordinal):
                throw new SshKeyException("is a hardware security key (FIDO) handle, which cannot be used without its device; " + SupportedTypes);
            default:
                throw new SshKeyException($"is a {algorithm} key; " + SupportedTypes);
        }
    }

    /// <summary>An ed25519 key from its 32-byte seed; the public half stored beside it must match.</summary>
    public static SshKeyInfo Ed25519(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> storedPublic, bool encrypted)
    {
        var key = new Ed25519PrivateKeyParameters(seed);
        var info = Info("ssh-ed25519", key.GeneratePublicKey(), 256, encrypted);
        if (!key.GeneratePublicKey().GetEncoded().AsSpan().SequenceEqual(storedPublic))
        {
            throw Inconsistent();
        }

        return info;
    }

    /// <summary>
    /// An RSA key from its numbers. The public blob is encoded here rather than through BouncyCastle's RSA parameters,
    /// whose constructor runs a primality test on the modulus (seconds for large hostile numbers).
    /// </summary>
    public static SshKeyInfo Rsa(BigInteger n, BigInteger e, BigInteger p, BigInteger q, bool encrypted, List<CredentialValidationWarning> warnings)
    {
        var bits = n.BitLength;
        if (bits > MaxRsaBits)
        {
            throw new SshKeyException($"is an RSA key of {bits} bits; at most {MaxRsaBits} are accepted");
        }

        if (bits < MinRsaBits)
        {
            throw new SshKeyException($"is an RSA key of {bits} bits; OpenSSH refuses RSA keys under {MinRsaBits} bits");
        }

        if (p.SignValue <= 0 || q.SignValue <= 0 || !p.Multiply(q).Equals(n) || e.SignValue <= 0 || !e.TestBit(0) || e.BitLength > 64)
        {
            throw Inconsistent();
        }

        if (bits < WeakRsaBits)
        {
            warnings.Add(new("private_key", $"is an RSA key of {bits} bits; use at least {WeakRsaBits} bits (or ed25519)"));
        }

        // string "ssh-rsa", mpint e, mpint n (RFC 4253 §6.6); a positive BigInteger's two's complement bytes are its mpint.
        using var blob = new MemoryStream();
        WriteString(blob, "ssh-rsa"u8);
        WriteString(blob, e.ToByteArray());
        WriteString(blob, n.ToByteArray());
        return new SshKeyInfo("ssh-rsa", blob.ToArray(), bits, encrypted);
    }

    /// <summary>An ECDSA key on one of OpenSSH's curves; when the file stores the public point too, it must match.</summary>
    public static SshKeyInfo Ecdsa(ECPrivateKeyParameters ec, byte[]? storedPoint, bool encrypted)
    {
        var (name, oid, bits) = CurveOf(ec.Parameters);
        var domain = new ECNamedDomainParameters(oid, ECNamedCurveTable.GetByOid(oid));
        if (ec.D.SignValue <= 0 || ec.D.CompareTo(domain.N) >= 0)
        {
            throw Inconsistent();
        }

        var q = domain.G.Multiply(ec.D).Normalize();
        if (storedPoint is not null && !q.GetEncoded(false).AsSpan().SequenceEqual(storedPoint))
        {
            throw Inconsistent();
        }

        return Info("ecdsa-sha2-" + name, new ECPublicKeyParameters(q, domain), bits, encrypted);
    }

    /// <summary>The OpenSSH curve of an ECDSA key; other curves are refused.</summary>
    public static (string Name, DerObjectIdentifier Oid, int Bits) CurveOf(ECDomainParameters parameters)
    {
        foreach (var curve in Curves)
        {
            if (parameters is ECNamedDomainParameters named && named.Name.Equals(curve.Oid))
            {
                return curve;
            }

            var x9 = ECNamedCurveTable.GetByOid(curve.Oid);
            if (parameters.Curve.Equals(x9.Curve) && parameters.G.Equals(x9.G))
            {
                return curve;
            }
        }

        throw new SshKeyException("is an ECDSA key on a curve SSH does not use; " + SupportedTypes);
    }

    public static (string Name, DerObjectIdentifier Oid, int Bits) CurveNamed(string sshName)
    {
        foreach (var curve in Curves)
        {
            if (curve.Name == sshName)
            {
                return curve;
            }
        }

        throw new SshKeyException("is an ECDSA key on a curve SSH does not use; " + SupportedTypes);
    }

    private static SshKeyInfo EcdsaFromSshNet(EcdsaKey ec, bool encrypted)
    {
        // SSH.NET names the key by its curve (ecdsa-sha2-nistp256); the public point is derived again from d.
        var algorithm = ec.ToString();
        const string Prefix = "ecdsa-sha2-";
        if (!algorithm.StartsWith(Prefix, StringComparison.Ordinal) || ec.PrivateKey is not { Length: > 0 } d)
        {
            throw Inconsistent();
        }

        var (_, oid, _) = CurveNamed(algorithm[Prefix.Length..]);
        var domain = new ECNamedDomainParameters(oid, ECNamedCurveTable.GetByOid(oid));
        return Ecdsa(new ECPrivateKeyParameters(new BigInteger(1, d), domain), null, encrypted);
    }

    private static BigInteger Unsigned(System.Numerics.BigInteger value) =>
        value.Sign < 0 ? throw Inconsistent() : new BigInteger(1, value.ToByteArray(isUnsigned: true, isBigEndian: true));

    public static SshKeyException Inconsistent() =>
        new("is corrupt: its parts do not belong to one key") { Corrupt = true };

    private static SshKeyInfo Info(string algorithm, AsymmetricKeyParameter publicKey, int bits, bool encrypted) =>
        new(algorithm, SshPublicKeys.Encode(publicKey), bits, encrypted);

    private static void WriteString(MemoryStream stream, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, (uint)value.Length);
        stream.Write(length);
        stream.Write(value);
    }
}
