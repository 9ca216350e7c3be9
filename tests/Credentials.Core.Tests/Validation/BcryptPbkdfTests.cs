using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Credentials.Tests.Validation;

/// <summary>bcrypt_pbkdf and its Blowfish, checked without ssh-keygen: against BouncyCastle's Blowfish and a pinned ssh-keygen key.</summary>
public class BcryptPbkdfTests
{
    // Written by ssh-keygen (OpenSSH 9.2): ssh-keygen -t ed25519 -a 16 -N 'correct horse battery staple' -C vector.
    // A throwaway test key: bcrypt_pbkdf + aes256-ctr, ssh-keygen's defaults.
    private const string PinnedKey = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABA223zO1I
        PB0XDChSBPBUygAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIGj9VBGRMc3qdpDj
        nxZaJ8iZaAd1L264LvjORddxxMTKAAAAkBSkwHNQZaWw2YWVyrE84Gf1kJN7hMfKVYx87w
        5GlNy8aRkxgXD67jUSEADIYnRkZ0jb9HyAtzs0smIE64sA1nQP9A7CQdKwBB5pjkH05+39
        4hRoArP9LHAmgo5/lsn1K+LpQtBl3gX9KxY95epL3FD34WBPWPGlZQJ9yRgVtwwrD4qqdo
        q5BDYVmVxDoZAe6A==
        -----END OPENSSH PRIVATE KEY-----
        """;

    private const string PinnedPassphrase = "correct horse battery staple";
    private const string PinnedPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGj9VBGRMc3qdpDjnxZaJ8iZaAd1L264LvjORddxxMTK";
    private const string PinnedFingerprint = "SHA256:bY5CELTGAd4/6RsNo/pxpi3cMHjQOurBtsnS1WpVqig";

    [Theory]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(56)]
    public void EksBlowfish_StandardKeySchedule_MatchesBouncyCastleBlowfish(int keyLength)
    {
        var random = new SecureRandom();
        for (var trial = 0; trial < 20; trial++)
        {
            var key = new byte[keyLength];
            var block = new byte[8];
            random.NextBytes(key);
            random.NextBytes(block);
            var reference = new BlowfishEngine();
            reference.Init(true, new KeyParameter(key));
            var expected = new byte[8];
            reference.ProcessBlock(block, 0, expected, 0);

            // The standard schedule is the initial state (pi) plus one unsalted expansion.
            var blowfish = new EksBlowfish();
            blowfish.Expand0State(key);
            var actual = new byte[8];
            blowfish.EncryptBlock(block, actual);

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Read_PinnedSshKeygenKey_OpensWithItsPassphrase()
    {
        var info = SshPrivateKeyReader.Read(PinnedKey, PinnedPassphrase, []);

        Assert.True(info.Encrypted);
        Assert.Equal(PinnedPublicKey, info.PublicKeyLine);
        Assert.Equal("ED25519 " + PinnedFingerprint, info.Summary);
    }

    [Theory]
    [InlineData("correct horse battery stapl")]
    [InlineData("Correct horse battery staple")]
    [InlineData("correct horse battery staple ")]
    public void Read_PinnedSshKeygenKey_WrongPassphraseFailsTheCheckValues(string passphrase)
    {
        var ex = Assert.Throws<SshKeyException>(() => SshPrivateKeyReader.Read(PinnedKey, passphrase, []));

        Assert.Equal("passphrase", ex.Field);
        Assert.DoesNotContain(passphrase, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PinnedKeyWithRoundsRewritten_StillReadsAt16AndFailsOtherwise()
    {
        Assert.Equal(PinnedPublicKey, SshPrivateKeyReader.Read(SshKeyValidationTests.WithBcryptRounds(PinnedKey, 16), PinnedPassphrase, []).PublicKeyLine);

        // Other rounds derive another key: the check values then differ, as with a wrong passphrase.
        Assert.Equal("passphrase", Assert.Throws<SshKeyException>(() => SshPrivateKeyReader.Read(SshKeyValidationTests.WithBcryptRounds(PinnedKey, 15), PinnedPassphrase, [])).Field);
    }

    [Fact]
    public void DeriveKey_IsDeterministicAndDependsOnEveryInput()
    {
        byte[] Derive(string password, byte salt, int rounds, int length)
        {
            var output = new byte[length];
            BcryptPbkdf.DeriveKey(System.Text.Encoding.UTF8.GetBytes(password), [salt, 2, 3, 4], rounds, output);
            return output;
        }

        var baseline = Derive("password", 1, 2, 48);
        Assert.Equal(baseline, Derive("password", 1, 2, 48));
        Assert.NotEqual(baseline, Derive("passwore", 1, 2, 48));
        Assert.NotEqual(baseline, Derive("password", 9, 2, 48));
        Assert.NotEqual(baseline, Derive("password", 1, 3, 48));
        Assert.DoesNotContain(baseline.Chunk(16), c => c.All(b => b == 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(BcryptPbkdf.MaxRounds + 1)]
    public void DeriveKey_RoundsOutOfRange_Throws(int rounds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BcryptPbkdf.DeriveKey("p"u8, "s"u8, rounds, new byte[48]));

    [Fact]
    public void DeriveKey_EmptyPasswordOrOversizedOutput_Throws()
    {
        Assert.Throws<ArgumentException>(() => BcryptPbkdf.DeriveKey([], "s"u8, 1, new byte[48]));
        Assert.Throws<ArgumentException>(() => BcryptPbkdf.DeriveKey("p"u8, "s"u8, 1, new byte[1025]));
    }
}
