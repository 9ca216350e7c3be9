using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Utilities;

namespace Credentials;

/// <summary>Public key lines (<c>type base64 [comment]</c>), their blobs, and the SHA-256 fingerprint as <c>ssh-keygen -l</c> shows it.</summary>
internal static class SshPublicKeys
{
    /// <summary>The longest public key line accepted (an RSA 16384-bit key line is about 2,800 characters).</summary>
    public const int MaxLineLength = 8_192;

    public static string FormatLine(string algorithm, byte[] blob) => algorithm + " " + Convert.ToBase64String(blob);

    /// <summary><c>SHA256:</c> and the unpadded base64 of the blob's SHA-256, exactly as <c>ssh-keygen -l</c> prints it.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> blob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');

    /// <summary>The key type as <c>ssh-keygen -l</c> names it in parentheses (<c>ED25519</c>, <c>RSA</c>, <c>ECDSA</c>).</summary>
    public static string TypeLabel(string algorithm) => algorithm switch
    {
        "ssh-ed25519" => "ED25519",
        "ssh-rsa" => "RSA",
        "ssh-dss" => "DSA",
        _ when algorithm.StartsWith("ecdsa-", StringComparison.Ordinal) => "ECDSA",
        _ => algorithm.ToUpperInvariant(),
    };

    public static string Summary(string algorithm, byte[] blob) => TypeLabel(algorithm) + " " + Fingerprint(blob);

    /// <summary>The blob of a public key.</summary>
    public static byte[] Encode(AsymmetricKeyParameter publicKey) => OpenSshPublicKeyUtilities.EncodePublicKey(publicKey);

    /// <summary>
    /// Parses a public key line and returns its blob, re-encoded so equal keys have equal bytes. Throws
    /// <see cref="SshKeyException"/> on <c>public_key</c> when the line is not a supported OpenSSH public key.
    /// </summary>
    public static (string Algorithm, byte[] Blob) ParseLine(string line)
    {
        const string Rule = "is not an OpenSSH public key line (key type, base64 key, optional comment), such as ssh-ed25519 AAAA...";
        if (line.Length > MaxLineLength)
        {
            throw new SshKeyException("public_key", $"must be at most {MaxLineLength} characters");
        }

        var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 2)
        {
            throw new SshKeyException("public_key", Rule);
        }

        var algorithm = parts[0];
        var buffer = new byte[parts[1].Length];
        if (!Convert.TryFromBase64String(parts[1], buffer, out var written))
        {
            throw new SshKeyException("public_key", Rule);
        }

        var blob = buffer.AsSpan(0, written);
        if (!string.Equals(BlobAlgorithm(blob), algorithm, StringComparison.Ordinal))
        {
            throw new SshKeyException("public_key", "is not consistent: the key type before the base64 differs from the type inside it");
        }

        try
        {
            return (algorithm, Encode(OpenSshPublicKeyUtilities.ParsePublicKey(blob.ToArray())));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new SshKeyException("public_key", "is not a supported OpenSSH public key (ed25519, RSA or ECDSA P-256/P-384/P-521)");
        }
    }

    /// <summary>The key type a blob starts with, or null when it does not start with a readable one.</summary>
    private static string? BlobAlgorithm(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 4)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(blob);
        if (length is 0 or > 64 || length > blob.Length - 4)
        {
            return null;
        }

        var name = blob.Slice(4, (int)length);
        foreach (var b in name)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(name);
    }
}
