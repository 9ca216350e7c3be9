using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Credentials;

/// <summary>
/// A key-encryption key backed by an <see cref="IDataProtector"/>. The associated data becomes a sub-purpose, so a
/// wrapped key only unprotects in the context it was wrapped for (Data Protection purposes isolate payloads).
/// </summary>
internal sealed class DataProtectionKeyEncryptionKey(IDataProtector protector) : IKeyEncryptionKey
{
    private const int KeySize = 32;

    public string KeyId => DataProtectionKeyRingProtection.ProtectionName;

    public byte[] WrapKey(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData)
    {
        if (dataKey.Length != KeySize)
        {
            throw new ArgumentException($"A key to wrap is {KeySize} bytes.", nameof(dataKey));
        }

        var plaintext = dataKey.ToArray();
        try
        {
            return For(associatedData).Protect(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public bool TryUnwrapKey(ReadOnlySpan<byte> wrappedKey, ReadOnlySpan<byte> associatedData, Span<byte> dataKey)
    {
        byte[] plaintext;
        try
        {
            plaintext = For(associatedData).Unprotect(wrappedKey.ToArray());
        }
        catch (CryptographicException)
        {
            return false;
        }

        try
        {
            if (plaintext.Length != KeySize || dataKey.Length != KeySize)
            {
                return false;
            }

            plaintext.CopyTo(dataKey);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private IDataProtector For(ReadOnlySpan<byte> associatedData) => protector.CreateProtector(Convert.ToHexStringLower(associatedData));
}
