namespace Credentials;

/// <summary>The Argon2id parameters and salt of a passphrase ring, stored in its header (not secret).</summary>
internal sealed class PassphraseKdfParameters
{
    public const string Argon2id = "argon2id";

    /// <summary>Argon2 version 0x13 (19), the one RFC 9106 specifies.</summary>
    public const int Argon2Version = 0x13;

    public string Algorithm { get; set; } = Argon2id;

    public int Version { get; set; } = Argon2Version;

    public int MemoryKib { get; set; }

    public int Iterations { get; set; }

    public int Parallelism { get; set; }

    /// <summary>A random 16-byte salt, Base64.</summary>
    public string Salt { get; set; } = string.Empty;
}
