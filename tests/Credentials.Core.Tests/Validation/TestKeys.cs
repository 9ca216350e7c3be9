using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Utilities;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Credentials.Tests.Validation;

/// <summary>
/// Key pairs made in process with BouncyCastle (no ssh-keygen needed), for generators and the bad-input table. The
/// ssh-keygen tests (<see cref="SshKeygen"/>) are what prove interoperability; these only need to be valid keys.
/// </summary>
public static class TestKeys
{
    private static readonly Lazy<TestKey[]> All = new(() =>
    [
        Ed25519(), Ed25519(), Ecdsa(), Rsa(2048),
    ]);

    /// <summary>Two ed25519 keys (OpenSSH format), one ECDSA P-256 and one RSA 2048 (PKCS#8 PEM).</summary>
    public static IReadOnlyList<TestKey> Keys => All.Value;

    public static TestKey Ed25519A => All.Value[0];

    public static TestKey Ed25519B => All.Value[1];

    public static TestKey EcdsaP256 => All.Value[2];

    public static TestKey Rsa2048 => All.Value[3];

    /// <summary>An RSA key of the given size, PKCS#8 PEM.</summary>
    public static TestKey Rsa(int bits)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), new SecureRandom(), bits, 80));
        return FromPkcs8(generator.GenerateKeyPair(), "ssh-rsa");
    }

    private static TestKey Ed25519()
    {
        var key = new Ed25519PrivateKeyParameters(new SecureRandom());
        var blob = OpenSshPublicKeyUtilities.EncodePublicKey(key.GeneratePublicKey());
        var text = Armor("OPENSSH PRIVATE KEY", OpenSshPrivateKeyUtilities.EncodePrivateKey(key));
        var pkcs8 = Armor("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetEncoded());
        return new TestKey("ssh-ed25519", text, pkcs8, "ssh-ed25519 " + Convert.ToBase64String(blob), blob);
    }

    private static TestKey Ecdsa()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, new SecureRandom()));
        return FromPkcs8(generator.GenerateKeyPair(), "ecdsa-sha2-nistp256");
    }

    private static TestKey FromPkcs8(AsymmetricCipherKeyPair pair, string algorithm)
    {
        var blob = OpenSshPublicKeyUtilities.EncodePublicKey(pair.Public);
        var text = Armor("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetEncoded());
        return new TestKey(algorithm, text, text, algorithm + " " + Convert.ToBase64String(blob), blob);
    }

    public static string Armor(string label, byte[] body)
    {
        var base64 = Convert.ToBase64String(body);
        var lines = Enumerable.Range(0, (base64.Length + 69) / 70).Select(i => base64.Substring(i * 70, Math.Min(70, base64.Length - (i * 70))));
        return $"-----BEGIN {label}-----\n{string.Join("\n", lines)}\n-----END {label}-----\n";
    }
}
