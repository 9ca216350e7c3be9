using System.Security.Cryptography;

namespace Credentials;

/// <summary>The rules and makers of key-encryption key ids.</summary>
internal static class KeyIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? keyId)
    {
        if (string.IsNullOrEmpty(keyId) || keyId.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in keyId)
        {
            if (c is <= ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    public static void ThrowIfInvalid(string keyId)
    {
        if (!IsValid(keyId))
        {
            throw new ArgumentException($"A key id is 1-{MaxLength} printable ASCII characters without spaces.", nameof(keyId));
        }
    }

    /// <summary>A random id for a generated key, such as <c>k-1f2e3d4c5b6a7988</c>.</summary>
    public static string NewRandom() => "k-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// A stable id for a caller-supplied key: a keyed hash of nothing, so the id names the key without revealing it.
    /// </summary>
    public static string ForMasterKey(ReadOnlySpan<byte> key)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, "credentials/master-key-id/v1"u8, mac);
        return "mk-" + Convert.ToHexStringLower(mac[..8]);
    }
}
