using System.Diagnostics;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace Credentials.Tests.Validation;

/// <summary>Hostile or odd keys made in process: each is refused quickly, on the right field, with the rule.</summary>
public class SshKeyBoundsTests
{
    private static readonly SecureRandom Random = new();

    private static string Read(string text, string? passphrase = null, List<CredentialValidationWarning>? warnings = null)
    {
        var started = Stopwatch.StartNew();
        var ex = Assert.Throws<SshKeyException>(() => SshPrivateKeyReader.Read(text, passphrase, warnings ?? []));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
        return $"{ex.Field}: {ex.Message}";
    }

    /// <summary>A PKCS#1 structure with n = p * q for odd p, q of the given sizes (not primes: only the shape matters).</summary>
    private static RsaPrivateKeyStructure FakeRsa(int primeBits, bool consistent = true)
    {
        var p = new BigInteger(primeBits, Random).SetBit(primeBits - 1).SetBit(0);
        var q = new BigInteger(primeBits, Random).SetBit(primeBits - 1).SetBit(0);
        var n = consistent ? p.Multiply(q) : p.Multiply(q).Add(BigInteger.Two);
        var e = BigInteger.ValueOf(65537);
        return new RsaPrivateKeyStructure(n, e, n, p, q, p, q, p);
    }

    [Fact]
    public void Read_RsaOver8192Bits_IsRefusedWithoutAPrimalityTest()
    {
        var pkcs1 = TestKeys.Armor("RSA PRIVATE KEY", FakeRsa(4200).GetEncoded());
        var pkcs8 = TestKeys.Armor("PRIVATE KEY", new PrivateKeyInfo(new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance), FakeRsa(4200)).GetEncoded());

        Assert.Contains("private_key: is an RSA key of", Read(pkcs1), StringComparison.Ordinal);
        Assert.Contains("at most 8192 are accepted", Read(pkcs8), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RsaUnder1024Bits_IsRefused() =>
        Assert.Contains("refuses RSA keys under 1024 bits", Read(TestKeys.Armor("RSA PRIVATE KEY", FakeRsa(300).GetEncoded())), StringComparison.Ordinal);

    [Fact]
    public void Read_RsaWhoseModulusIsNotPTimesQ_IsCorrupt() =>
        Assert.Contains("is corrupt", Read(TestKeys.Armor("RSA PRIVATE KEY", FakeRsa(1024, consistent: false).GetEncoded())), StringComparison.Ordinal);

    [Fact]
    public void Read_Rsa1024_IsAcceptedWithAWarning()
    {
        var warnings = new List<CredentialValidationWarning>();

        var info = SshPrivateKeyReader.Read(TestKeys.Rsa(1024).PrivateKey, null, warnings);

        Assert.Equal(1024, info.Bits);
        Assert.Equal("private_key", Assert.Single(warnings).Field);
    }

    [Theory]
    [InlineData(PemPrivateKeyReader.MaxIterations + 1)]
    [InlineData(1_000_000)]
    [InlineData(10_000_000)]
    [InlineData(int.MaxValue)]
    public void Read_EncryptedPkcs8WithHugeIterationCount_IsRefusedBeforeDerivingAnything(int iterations)
    {
        var kdf = new KeyDerivationFunc(PkcsObjectIdentifiers.IdPbkdf2, new Pbkdf2Params(new byte[16], iterations));
        var text = EncryptedPkcs8(kdf);

        Assert.Contains($"asks for {iterations} key derivation iterations", Read(text, "passphrase"), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EncryptedPkcs8WithScrypt_IsRefusedBeforeDerivingAnything()
    {
        // scrypt parameters can ask for gigabytes of memory: only PBKDF2 is accepted.
        var scrypt = new KeyDerivationFunc(new DerObjectIdentifier("1.3.6.1.4.1.11591.4.11"),
            new DerSequence(new DerOctetString(new byte[16]), DerInteger.ValueOf(1 << 30), DerInteger.ValueOf(8), DerInteger.ValueOf(1)));

        Assert.Contains("unsupported key derivation", Read(EncryptedPkcs8(scrypt), "passphrase"), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EncryptedPkcs8WithoutPassphrase_AsksForIt() =>
        Assert.StartsWith("passphrase: is required", Read(EncryptedPkcs8(new KeyDerivationFunc(PkcsObjectIdentifiers.IdPbkdf2, new Pbkdf2Params(new byte[16], 2048)))), StringComparison.Ordinal);

    [Fact]
    public void Read_LegacyPemWithUnknownCipher_NamesIt()
    {
        var text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: RC2-40-CBC,0011223344556677\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";

        Assert.Contains("unsupported cipher RC2-40-CBC", Read(text, "passphrase"), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DerCutShort_IsTruncated()
    {
        var der = FakeRsa(1024).GetEncoded();

        Assert.Contains("is truncated", Read(TestKeys.Armor("RSA PRIVATE KEY", der[..(der.Length / 2)])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none", 9000, "at most 8192 are accepted")]
    [InlineData("aes256-ctr", 9000, "at most 8192 are accepted")]
    [InlineData("none", 768, "refuses RSA keys under 1024 bits")]
    public void Read_OpenSshRsaOfTheWrongSize_IsRefusedFromItsPublicKeyBeforeDecrypting(string cipher, int bits, string rule)
    {
        // Only the public key in the clear is real: the private section is never reached (nor is a passphrase asked for).
        var n = new BigInteger(bits, Random).SetBit(bits - 1);
        var publicBlob = Wire(String("ssh-rsa"u8), String(BigInteger.ValueOf(65537).ToByteArray()), String(n.ToByteArray()));

        Assert.Contains(rule, Read(OpenSshKey(cipher, publicBlob)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh-dss", "is a DSA (ssh-dss) key")]
    [InlineData("sk-ssh-ed25519@openssh.com", "hardware security key (FIDO)")]
    [InlineData("ecdsa-sha2-nistp192", "curve SSH does not use")]
    [InlineData("ssh-xmss@openssh.com", "is a ssh-xmss@openssh.com key")]
    public void Read_OpenSshKeyOfAnotherType_IsRefusedFromItsPublicKeyBeforeDecrypting(string algorithm, string rule) =>
        Assert.Contains(rule, Read(OpenSshKey("aes256-ctr", Wire(String(System.Text.Encoding.ASCII.GetBytes(algorithm)), String(new byte[32])))), StringComparison.Ordinal);

    [Theory]
    [InlineData("aes256-ctr", 0)]
    [InlineData("aes256-gcm@openssh.com", 16)]
    public void Read_OpenSshKeyWithDataAfterTheSection_IsCorrupt(string cipher, int tag)
    {
        var text = OpenSshKey(cipher, Wire(String("ssh-ed25519"u8), String(new byte[32])), trailing: tag + 1);

        Assert.Contains("is corrupt: there is data after the key", Read(text, "passphrase"), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OpenSshAeadKeyWithoutItsTag_IsTruncated() =>
        Assert.Contains("is truncated", Read(OpenSshKey("chacha20-poly1305@openssh.com", Wire(String("ssh-ed25519"u8), String(new byte[32]))), "passphrase"), StringComparison.Ordinal);

    /// <summary>An openssh-key-v1 body: a cipher, bcrypt with 16 rounds when it encrypts, the public key, 32 bytes of private section.</summary>
    private static string OpenSshKey(string cipher, byte[] publicBlob, int trailing = 0)
    {
        var encrypted = cipher != "none";
        var kdfOptions = encrypted ? Wire(String(new byte[16]), UInt32(16)) : [];
        var body = Wire(
            "openssh-key-v1\0"u8.ToArray(),
            String(System.Text.Encoding.ASCII.GetBytes(cipher)),
            String(encrypted ? "bcrypt"u8 : "none"u8),
            String(kdfOptions),
            UInt32(1),
            String(publicBlob),
            String(new byte[32]),
            new byte[trailing]);
        return TestKeys.Armor("OPENSSH PRIVATE KEY", body);
    }

    private static byte[] Wire(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] String(ReadOnlySpan<byte> value) => [.. UInt32((uint)value.Length), .. value];

    private static string EncryptedPkcs8(KeyDerivationFunc kdf)
    {
        var scheme = new EncryptionScheme(NistObjectIdentifiers.IdAes256Cbc, new DerOctetString(new byte[16]));
        var algorithm = new AlgorithmIdentifier(PkcsObjectIdentifiers.IdPbeS2, new PbeS2Parameters(kdf, scheme));
        return TestKeys.Armor("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(algorithm, new byte[64]).GetEncoded());
    }
}
