using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Credentials;

/// <summary>
/// bcrypt_pbkdf, the key derivation of passphrase-protected OpenSSH private keys, written from its published
/// specification (OpenBSD <c>bcrypt_pbkdf.c</c>, Ted Unangst 2013): a PBKDF2-like construction whose PRF is a
/// "bcrypt hash" of SHA-512(password) and SHA-512(salt || counter), with the output bytes interleaved across blocks.
/// </summary>
internal static class BcryptPbkdf
{
    /// <summary>The most rounds accepted: ssh-keygen's default is 16; more than this only burns CPU for an attacker's input.</summary>
    public const int MaxRounds = 1024;

    private const int HashWords = 8;
    private const int HashSize = HashWords * 4;

    // The 32-byte plaintext that the modified bcrypt hash encrypts 64 times.
    private static ReadOnlySpan<byte> MagicText => "OxychromaticBlowfishSwatDynamite"u8;

    /// <summary>Derives <paramref name="output"/>.Length bytes (at most 1024) from the password and salt.</summary>
    /// <exception cref="ArgumentException">Empty password, salt or output, output over 1024 bytes, or rounds outside 1..<see cref="MaxRounds"/>.</exception>
    public static void DeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int rounds, Span<byte> output)
    {
        if (rounds < 1 || rounds > MaxRounds)
        {
            throw new ArgumentOutOfRangeException(nameof(rounds), $"bcrypt_pbkdf rounds must be from 1 to {MaxRounds}.");
        }

        if (password.IsEmpty || salt.IsEmpty || output.IsEmpty || output.Length > HashSize * HashSize || salt.Length > 1 << 20)
        {
            throw new ArgumentException("bcrypt_pbkdf needs a password, a salt and 1 to 1024 output bytes.");
        }

        var stride = (output.Length + HashSize - 1) / HashSize;
        var amount = (output.Length + stride - 1) / stride;

        Span<byte> sha2Pass = stackalloc byte[SHA512.HashSizeInBytes];
        Span<byte> sha2Salt = stackalloc byte[SHA512.HashSizeInBytes];
        Span<byte> block = stackalloc byte[HashSize];
        Span<byte> result = stackalloc byte[HashSize];
        var countSalt = new byte[salt.Length + 4];
        salt.CopyTo(countSalt);
        var blowfish = new EksBlowfish();
        try
        {
            SHA512.HashData(password, sha2Pass);
            var remaining = output.Length;
            for (uint count = 1; remaining > 0; count++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(countSalt.AsSpan(salt.Length), count);

                // The first round hashes salt || counter; every later round hashes the previous round's output.
                SHA512.HashData(countSalt, sha2Salt);
                Hash(blowfish, sha2Pass, sha2Salt, block);
                block.CopyTo(result);
                for (var round = 1; round < rounds; round++)
                {
                    SHA512.HashData(block, sha2Salt);
                    Hash(blowfish, sha2Pass, sha2Salt, block);
                    for (var i = 0; i < result.Length; i++)
                    {
                        result[i] ^= block[i];
                    }
                }

                // Interleave: output byte i * stride + (count - 1) comes from result byte i.
                amount = Math.Min(amount, remaining);
                int written;
                for (written = 0; written < amount; written++)
                {
                    var destination = (written * stride) + (int)(count - 1);
                    if (destination >= output.Length)
                    {
                        break;
                    }

                    output[destination] = result[written];
                }

                remaining -= written;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sha2Pass);
            CryptographicOperations.ZeroMemory(sha2Salt);
            CryptographicOperations.ZeroMemory(block);
            CryptographicOperations.ZeroMemory(result);
            CryptographicOperations.ZeroMemory(countSalt);
            blowfish.Clear();
        }
    }

    /// <summary>The modified bcrypt hash: an expensive key schedule keyed by both hashes, then 64 encryptions of the magic text.</summary>
    private static void Hash(EksBlowfish blowfish, ReadOnlySpan<byte> sha2Pass, ReadOnlySpan<byte> sha2Salt, Span<byte> output)
    {
        blowfish.Reset();
        blowfish.ExpandState(sha2Salt, sha2Pass);
        for (var i = 0; i < 64; i++)
        {
            blowfish.Expand0State(sha2Salt);
            blowfish.Expand0State(sha2Pass);
        }

        Span<uint> words = stackalloc uint[HashWords];
        var j = 0;
        for (var i = 0; i < HashWords; i++)
        {
            words[i] = EksBlowfish.StreamToWord(MagicText, ref j);
        }

        for (var i = 0; i < 64; i++)
        {
            blowfish.Encrypt(words);
        }

        // Copied out little-endian, unlike the big-endian words of the cipher itself.
        for (var i = 0; i < HashWords; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output[(4 * i)..], words[i]);
        }

        words.Clear();
    }
}
