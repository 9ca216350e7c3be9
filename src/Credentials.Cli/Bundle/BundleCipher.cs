using System.Security.Cryptography;
using System.Text;

namespace Credentials.Cli.Bundle;

/// <summary>
/// Seals and opens a bundle: Argon2id (RFC 9106) turns the passphrase and a random salt into 32 bytes; HKDF-Expand
/// (SHA-256) splits them into the AES-256-GCM key and a 16-byte passphrase check; AES-256-GCM seals the payload with the
/// whole header as associated data, so every byte of the file is authenticated before any credential is read.
/// </summary>
internal static class BundleCipher
{
    private static readonly byte[] KeyInfo = "credentials-bundle/v1 aes-256-gcm"u8.ToArray();
    private static readonly byte[] CheckInfo = "credentials-bundle/v1 check"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encrypts <paramref name="payload"/> into a complete bundle file.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> payload, string passphrase, BundleKdfCost cost)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var key = new byte[32];
        var check = new byte[16];
        Derive(passphrase, salt, cost.MemoryKib, cost.Iterations, cost.Parallelism, key, check);
        try
        {
            var header = new BundleHeader(cost.MemoryKib, cost.Iterations, cost.Parallelism, salt, nonce, check, payload.Length);
            var file = new byte[BundleHeader.Size + payload.Length + BundleHeader.TagSize];
            header.Write(file);
            using var aes = new AesGcm(key, BundleHeader.TagSize);
            aes.Encrypt(nonce, payload, file.AsSpan(BundleHeader.Size, payload.Length), file.AsSpan(BundleHeader.Size + payload.Length), file.AsSpan(0, BundleHeader.Size));
            return file;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Authenticates the whole file and returns the payload (the caller wipes it).</summary>
    /// <exception cref="BundleException">Damaged, truncated, edited, or not opened by this passphrase.</exception>
    public static byte[] Open(ReadOnlySpan<byte> file, string passphrase)
    {
        var header = BundleHeader.Read(file);
        var key = new byte[32];
        var check = new byte[16];
        Derive(passphrase, header.Salt, header.MemoryKib, header.Iterations, header.Parallelism, key, check);
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(check, header.Check))
            {
                throw new BundleException("The passphrase does not open this bundle (or the bundle's header was changed).");
            }

            var length = (int)header.PayloadLength;
            var payload = new byte[length];
            try
            {
                using var aes = new AesGcm(key, BundleHeader.TagSize);
                aes.Decrypt(header.Nonce, file.Slice(BundleHeader.Size, length), file.Slice(BundleHeader.Size + length, BundleHeader.TagSize), payload, file[..BundleHeader.Size]);
                return payload;
            }
            catch (AuthenticationTagMismatchException)
            {
                CryptographicOperations.ZeroMemory(payload);
                throw new BundleException("The bundle was changed or damaged after it was written: it fails authentication.");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void Derive(string passphrase, byte[] salt, int memoryKib, int iterations, int parallelism, Span<byte> key, Span<byte> check)
    {
        var password = StrictUtf8.GetBytes(passphrase);
        var master = new byte[32];
        try
        {
            Argon2idKdf.Derive(password, salt, memoryKib, iterations, parallelism, master);
            HKDF.Expand(HashAlgorithmName.SHA256, master, key, KeyInfo);
            HKDF.Expand(HashAlgorithmName.SHA256, master, check, CheckInfo);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
            CryptographicOperations.ZeroMemory(master);
        }
    }
}
