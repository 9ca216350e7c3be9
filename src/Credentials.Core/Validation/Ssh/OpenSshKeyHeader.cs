namespace Credentials;

/// <summary>
/// The plaintext framing of an <c>OPENSSH PRIVATE KEY</c> body (PROTOCOL.key, "openssh-key-v1"): cipher, key
/// derivation and its options, and the public key. Read here, before SSH.NET opens the key, so that what the key asks
/// the server to compute (bcrypt rounds, RSA size) is refused before any of it is computed. Framing only: nothing is
/// decrypted here.
/// </summary>
/// <param name="Cipher">The cipher of the private section.</param>
/// <param name="Rounds">The bcrypt rounds of an encrypted key; 0 when it is not encrypted.</param>
/// <param name="PublicKeyBlob">The public key stored in the clear beside the private section.</param>
internal sealed record OpenSshKeyHeader(OpenSshCipher Cipher, uint Rounds, byte[] PublicKeyBlob)
{
    /// <summary>
    /// The most bcrypt rounds accepted. bcrypt_pbkdf's cost grows linearly with the rounds, the key carries them, and
    /// they are spent on every create or update before the passphrase can even be checked: a key asking for 1,024 took
    /// 78 s of CPU to validate. ssh-keygen writes 16 unless told otherwise; 64 is four times that (about a second
    /// here), generous for anyone who raised it on purpose, and bounds what one request can make the server compute.
    /// </summary>
    public const int MaxBcryptRounds = 64;

    /// <summary>The longest bcrypt salt accepted: ssh-keygen writes 16 bytes.</summary>
    private const int MaxSaltLength = 1024;

    private static ReadOnlySpan<byte> Magic => "openssh-key-v1\0"u8;

    public bool Encrypted => Cipher.Encrypts;

    /// <summary>Reads and checks the framing. Throws <see cref="SshKeyException"/> naming the rule that is broken.</summary>
    public static OpenSshKeyHeader Read(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw new SshKeyException("is not an OpenSSH private key: the data after the BEGIN line does not start with openssh-key-v1");
        }

        var reader = new SshWireReader(body[Magic.Length..]);
        var cipherName = reader.ReadName();
        var kdf = reader.ReadName();
        var kdfOptions = reader.ReadString();
        if (reader.ReadUInt32() != 1)
        {
            throw new SshKeyException("must hold exactly one key");
        }

        var publicBlob = reader.ReadString().ToArray();
        var sectionLength = reader.ReadUInt32();

        // Checked before anything else is read: an unknown cipher's framing (its tag, its block size) is unknown too.
        var cipher = OpenSshCipher.Find(cipherName)
            ?? throw new SshKeyException(
                $"is encrypted with the unsupported cipher {cipherName}; supported are {OpenSshCipher.SupportedNames}: re-encrypt it with ssh-keygen -p -Z aes256-ctr");

        // The private section, then the tag of an AEAD cipher, then nothing.
        var afterSection = (long)reader.Remaining - sectionLength;
        if (afterSection < cipher.TagSize)
        {
            throw SshKeyException.Truncated();
        }

        if (afterSection > cipher.TagSize)
        {
            throw new SshKeyException("is corrupt: there is data after the key");
        }

        if (sectionLength == 0 || sectionLength % (uint)cipher.BlockSize != 0)
        {
            // The section is whole blocks; anything else lost its end.
            throw SshKeyException.Truncated();
        }

        var rounds = cipher.Encrypts ? ReadBcryptOptions(kdf, kdfOptions) : CheckNoKdf(kdf, kdfOptions);
        return new OpenSshKeyHeader(cipher, rounds, publicBlob);
    }

    private static uint CheckNoKdf(string kdf, ReadOnlySpan<byte> kdfOptions)
    {
        if (kdf != "none" || !kdfOptions.IsEmpty)
        {
            throw new SshKeyException($"is corrupt: it is not encrypted but names the key derivation {kdf}");
        }

        return 0;
    }

    private static uint ReadBcryptOptions(string kdf, ReadOnlySpan<byte> kdfOptions)
    {
        if (kdf != "bcrypt")
        {
            throw new SshKeyException($"uses the unsupported key derivation {kdf}; only bcrypt (ssh-keygen's default) is supported");
        }

        // string salt, uint32 rounds.
        var options = new SshWireReader(kdfOptions);
        var salt = options.ReadString();
        var rounds = options.ReadUInt32();
        if (options.Remaining != 0 || salt.IsEmpty || salt.Length > MaxSaltLength || rounds == 0)
        {
            throw new SshKeyException("is corrupt: its bcrypt parameters are malformed");
        }

        if (rounds > MaxBcryptRounds)
        {
            throw new SshKeyException(
                $"uses {rounds} bcrypt rounds; at most {MaxBcryptRounds} are accepted (ssh-keygen's default is 16): re-encrypt it with ssh-keygen -p -a 16 -f <key file>");
        }

        return rounds;
    }
}
