namespace Credentials;

/// <summary>
/// A cipher that can protect an OpenSSH private key, with the sizes its framing needs: the private section is a whole
/// number of blocks, and an AEAD cipher appends its tag after the section (outside the length that precedes it).
/// </summary>
/// <param name="Name">The name in the key, as <c>ssh-keygen -Z</c> takes it.</param>
/// <param name="BlockSize">The block size the private section is padded to.</param>
/// <param name="TagSize">The length of the authentication tag after the section; 0 for a cipher without one.</param>
internal sealed record OpenSshCipher(string Name, int BlockSize, int TagSize)
{
    /// <summary>An unencrypted key: the section is padded to 8 bytes (PROTOCOL.key).</summary>
    public static readonly OpenSshCipher None = new("none", 8, 0);

    // Every cipher `ssh -Q cipher` lists (OpenSSH 9.2) and SSH.NET's PrivateKeyFile opens.
    private static readonly OpenSshCipher[] Encrypting =
    [
        new("aes128-ctr", 16, 0),
        new("aes192-ctr", 16, 0),
        new("aes256-ctr", 16, 0),
        new("aes128-cbc", 16, 0),
        new("aes192-cbc", 16, 0),
        new("aes256-cbc", 16, 0),
        new("aes128-gcm@openssh.com", 16, 16),
        new("aes256-gcm@openssh.com", 16, 16),
        new("chacha20-poly1305@openssh.com", 8, 16),
        new("3des-cbc", 8, 0),
    ];

    /// <summary>The encrypting ciphers' names, for a message.</summary>
    public static string SupportedNames => string.Join(", ", Encrypting.Select(c => c.Name));

    public bool Encrypts => Name != None.Name;

    /// <summary>The cipher of that name, or null when it is neither <c>none</c> nor one SSH.NET opens.</summary>
    public static OpenSshCipher? Find(string name) =>
        name == None.Name ? None : Array.Find(Encrypting, c => c.Name == name);
}
