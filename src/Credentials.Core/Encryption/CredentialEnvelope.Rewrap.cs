using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Credentials;

/// <summary>Key rotation's half of the envelope: moving a data key under another key-encryption key.</summary>
internal static partial class CredentialEnvelope
{
    /// <summary>
    /// Unwraps the data key of <paramref name="sealedBytes"/> with <paramref name="currentKek"/> and wraps it again under
    /// <paramref name="newKek"/>. Only the key id and wrapped key regions change: the nonce, ciphertext and tag are copied
    /// byte for byte, so the payload is never decrypted. Every failure is a <see cref="CredentialIntegrityException"/>.
    /// </summary>
    public static byte[] Rewrap(IKeyEncryptionKey currentKek, IKeyEncryptionKey newKek, string organizationId, Guid credentialId, ReadOnlySpan<byte> sealedBytes)
    {
        var parts = Parse(sealedBytes);
        if (!string.Equals(parts.KeyId, currentKek.KeyId, StringComparison.Ordinal))
        {
            throw new CredentialIntegrityException($"The credential's sealed header names key '{parts.KeyId}', not '{currentKek.KeyId}'.");
        }

        // Only the data key's associated data is needed (organization and credential id); type and key bind the payload.
        var context = new EnvelopeContext(organizationId, credentialId, string.Empty, string.Empty);
        Span<byte> dataKey = stackalloc byte[DataKeySize];
        Span<byte> aad = stackalloc byte[EnvelopeContext.MaxAssociatedDataSize];
        try
        {
            var aadLength = context.WriteWrapAssociatedData(aad, parts.Version);
            if (!currentKek.TryUnwrapKey(parts.WrappedKey, aad[..aadLength], dataKey))
            {
                throw new CredentialIntegrityException($"The credential's data key failed authentication under key '{parts.KeyId}' (tampered, moved from another record, or a wrong key).");
            }

            var wrapped = newKek.WrapKey(dataKey, aad[..aadLength]);
            if (wrapped.Length is 0 or > MaxWrappedKeySize)
            {
                throw new InvalidOperationException($"The key-encryption key '{newKek.KeyId}' returned a wrapped key of {wrapped.Length} bytes; 1-{MaxWrappedKeySize} are allowed.");
            }

            var tailLength = parts.Nonce.Length + parts.Ciphertext.Length + parts.Tag.Length;
            var keyIdLength = Encoding.ASCII.GetByteCount(newKek.KeyId);
            var result = new byte[Magic.Length + 2 + keyIdLength + 2 + wrapped.Length + tailLength];
            var span = result.AsSpan();
            Magic.CopyTo(span);
            var offset = Magic.Length;
            span[offset++] = parts.Version;
            span[offset++] = (byte)keyIdLength;
            offset += Encoding.ASCII.GetBytes(newKek.KeyId, span[offset..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)wrapped.Length);
            offset += 2;
            wrapped.CopyTo(span[offset..]);
            offset += wrapped.Length;
            sealedBytes[^tailLength..].CopyTo(span[offset..]);
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}
