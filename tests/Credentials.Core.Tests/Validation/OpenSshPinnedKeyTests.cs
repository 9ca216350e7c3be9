namespace Credentials.Tests.Validation;

/// <summary>
/// A key pinned from ssh-keygen, read without ssh-keygen: it still opens with its passphrase, its bcrypt rounds are
/// the ones used, and a header asking for more than the cap is refused before any key derivation.
/// </summary>
public class OpenSshPinnedKeyTests
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
        Assert.Equal(PinnedPublicKey, SshPrivateKeyReader.Read(OpenSshKeyText.WithHeader(PinnedKey, rounds: 16), PinnedPassphrase, []).PublicKeyLine);

        // Other rounds derive another key: the check values then differ, as with a wrong passphrase.
        Assert.Equal("passphrase", Assert.Throws<SshKeyException>(() => SshPrivateKeyReader.Read(OpenSshKeyText.WithHeader(PinnedKey, rounds: 15), PinnedPassphrase, [])).Field);
    }

    [Theory]
    [InlineData((uint)OpenSshKeyHeader.MaxBcryptRounds + 1)]
    [InlineData(1024u)]
    [InlineData(uint.MaxValue)]
    public void Read_PinnedKeyWithRoundsOverTheCap_IsRefusedNamingTheRule(uint rounds)
    {
        var text = OpenSshKeyText.WithHeader(PinnedKey, rounds: rounds);

        var ex = Assert.Throws<SshKeyException>(() => SshPrivateKeyReader.Read(text, PinnedPassphrase, []));

        Assert.Equal("private_key", ex.Field);
        Assert.StartsWith($"uses {rounds} bcrypt rounds; at most 64 are accepted", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PinnedPassphrase, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(string.Concat(PinnedKey.Split('\n')[1..^1]).Substring(0, 40), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PinnedKeyWithZeroRounds_IsCorrupt() =>
        Assert.Contains("bcrypt parameters are malformed",
            Assert.Throws<SshKeyException>(() => SshPrivateKeyReader.Read(OpenSshKeyText.WithHeader(PinnedKey, rounds: 0), PinnedPassphrase, [])).Message,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("twofish256-cbc")]
    [InlineData("none")]
    public void Read_PinnedKeyWithAnotherCipherName_IsRefusedOnPrivateKey(string cipher)
    {
        var ex = Assert.Throws<SshKeyException>(() => SshPrivateKeyReader.Read(OpenSshKeyText.WithHeader(PinnedKey, cipher: cipher), PinnedPassphrase, []));

        Assert.Equal("private_key", ex.Field);
        Assert.Contains(cipher == "none" ? "names the key derivation bcrypt" : "unsupported cipher twofish256-cbc", ex.Message, StringComparison.Ordinal);
    }
}
