using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Credentials;

/// <summary>
/// The sealed form of a credential's values:
/// <code>
/// "CRED" | version (1) | key id length (1) | key id (ASCII) | wrapped key length (2, big-endian) | wrapped key
///        | nonce (12) | ciphertext | tag (16)
/// </code>
/// A fresh 256-bit data key seals the payload with AES-256-GCM; the key-encryption key wraps the data key. Rewrapping
/// under another KEK replaces only the key id and wrapped key: the nonce, ciphertext and tag stay byte for byte.
/// <para>
/// Format 2 (written now) differs from format 1 (still read) in two ways. The payload's associated data also binds the
/// owner and the row version (<see cref="EnvelopeContext"/>). And the payload, UTF-8 JSON, is followed by ASCII spaces
/// up to a bucket size (<see cref="PaddedLength"/>), so the stored length tells at most the bucket, not the secret's
/// length; JSON allows trailing whitespace, so the reader needs no length field.
/// </para>
/// </summary>
internal static partial class CredentialEnvelope
{
    public const byte CurrentVersion = 2;
    public const byte FirstVersion = 1;
    private const int MinPaddedLength = 64;
    private const int LargeBucket = 4096;
    public const int DataKeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    private const int MaxWrappedKeySize = 1024;

    public static ReadOnlySpan<byte> Magic => "CRED"u8;

    /// <summary>Seals <paramref name="plaintext"/> under a fresh data key wrapped by <paramref name="kek"/>.</summary>
    public static byte[] Seal(IKeyEncryptionKey kek, scoped in EnvelopeContext context, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> dataKey = stackalloc byte[DataKeySize];
        Span<byte> aad = stackalloc byte[EnvelopeContext.MaxAssociatedDataSize];
        try
        {
            RandomNumberGenerator.Fill(dataKey);
            var aadLength = context.WriteWrapAssociatedData(aad, CurrentVersion);
            var wrapped = kek.WrapKey(dataKey, aad[..aadLength]);
            if (wrapped.Length is 0 or > MaxWrappedKeySize)
            {
                throw new InvalidOperationException($"The key-encryption key '{kek.KeyId}' returned a wrapped key of {wrapped.Length} bytes; 1-{MaxWrappedKeySize} are allowed.");
            }

            var keyIdLength = Encoding.ASCII.GetByteCount(kek.KeyId);
            var headerLength = Magic.Length + 2 + keyIdLength + 2 + wrapped.Length;
            var paddedLength = PaddedLength(plaintext.Length);
            var sealedBytes = new byte[headerLength + NonceSize + paddedLength + TagSize];
            var span = sealedBytes.AsSpan();

            Magic.CopyTo(span);
            var offset = Magic.Length;
            span[offset++] = CurrentVersion;
            span[offset++] = (byte)keyIdLength;
            offset += Encoding.ASCII.GetBytes(kek.KeyId, span[offset..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)wrapped.Length);
            offset += 2;
            wrapped.CopyTo(span[offset..]);
            offset += wrapped.Length;

            var nonce = span.Slice(offset, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            var ciphertext = span.Slice(offset + NonceSize, paddedLength);
            var tag = span.Slice(offset + NonceSize + paddedLength, TagSize);

            // The padded plaintext is laid out where its ciphertext goes and encrypted in place, so no other copy exists.
            plaintext.CopyTo(ciphertext);
            ciphertext[plaintext.Length..].Fill((byte)' ');
            aadLength = context.WritePayloadAssociatedData(aad, CurrentVersion);
            try
            {
                using var aes = new AesGcm(dataKey, TagSize);
                aes.Encrypt(nonce, ciphertext, ciphertext, tag, aad[..aadLength]);
            }
            catch
            {
                CryptographicOperations.ZeroMemory(ciphertext);
                throw;
            }

            return sealedBytes;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Opens a parsed sealed value into <paramref name="plaintext"/> (exactly <c>parts.Ciphertext.Length</c> bytes).
    /// Every failure is a <see cref="CredentialIntegrityException"/>; nothing is written on failure but zeros.
    /// </summary>
    public static void Open(IKeyEncryptionKeyProvider keys, scoped in EnvelopeContext context, scoped in EnvelopeParts parts, Span<byte> plaintext)
    {
        var kek = keys.FindKey(parts.KeyId)
            ?? throw new CredentialIntegrityException($"The credential was sealed under key '{parts.KeyId}', which the configured key provider does not have.");
        if (parts.Version == FirstVersion && context.OwnerUserId is not null)
        {
            // Format 1 binds no owner, and predates personal credentials: one on a user's row was moved there.
            throw new CredentialIntegrityException("The credential's envelope (format 1) cannot belong to a user's credential; it was moved from another record.");
        }

        Span<byte> dataKey = stackalloc byte[DataKeySize];
        Span<byte> aad = stackalloc byte[EnvelopeContext.MaxAssociatedDataSize];
        try
        {
            var aadLength = context.WriteWrapAssociatedData(aad, parts.Version);
            if (!kek.TryUnwrapKey(parts.WrappedKey, aad[..aadLength], dataKey))
            {
                throw new CredentialIntegrityException($"The credential's data key failed authentication under key '{parts.KeyId}' (tampered, moved from another record, or a wrong key).");
            }

            aadLength = context.WritePayloadAssociatedData(aad, parts.Version);
            using var aes = new AesGcm(dataKey, TagSize);
            aes.Decrypt(parts.Nonce, parts.Ciphertext, parts.Tag, plaintext, aad[..aadLength]);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new CredentialIntegrityException("The credential's payload failed authentication (tampered, or moved from another record).", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// The length a payload of <paramref name="length"/> bytes is padded to: at least 64 bytes, then the next power of two
    /// up to 4 KiB, then the next multiple of 4 KiB. Short secrets (most tokens and passwords) all look alike.
    /// </summary>
    public static int PaddedLength(int length) => length switch
    {
        <= MinPaddedLength => MinPaddedLength,
        <= LargeBucket => (int)BitOperations.RoundUpToPowerOf2((uint)length),
        _ => checked((length + LargeBucket - 1) / LargeBucket * LargeBucket),
    };

    /// <summary>Reads the key id without opening anything.</summary>
    public static string ReadKeyId(ReadOnlySpan<byte> sealedBytes) => Parse(sealedBytes).KeyId;

    /// <summary>Splits a sealed value into its regions, checking every length.</summary>
    /// <param name="sealedBytes">The sealed value.</param>
    /// <param name="expectedKeyId">
    /// The key id the caller expects (the stored key id column). When the header names exactly this id, the parts reuse
    /// the caller's string instead of decoding a new one: the resolve path allocates no key id.
    /// </param>
    public static EnvelopeParts Parse(ReadOnlySpan<byte> sealedBytes, string? expectedKeyId = null)
    {
        if (sealedBytes.Length < Magic.Length + 2 || !sealedBytes.StartsWith(Magic))
        {
            throw Malformed("the header is missing or damaged");
        }

        var version = sealedBytes[Magic.Length];
        if (version is not (FirstVersion or CurrentVersion))
        {
            throw new CredentialIntegrityException($"The sealed credential has format version {version}, which this library cannot read.");
        }

        var offset = Magic.Length + 1;
        int keyIdLength = sealedBytes[offset++];
        if (keyIdLength == 0 || sealedBytes.Length < offset + keyIdLength + 2)
        {
            throw Malformed("the key id is missing or truncated");
        }

        var keyIdBytes = sealedBytes.Slice(offset, keyIdLength);
        var keyId = expectedKeyId is not null && Ascii.Equals(keyIdBytes, expectedKeyId) ? expectedKeyId : Encoding.ASCII.GetString(keyIdBytes);
        if (!KeyIds.IsValid(keyId))
        {
            throw Malformed("the key id is not valid");
        }

        offset += keyIdLength;
        int wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(sealedBytes[offset..]);
        offset += 2;
        if (wrappedLength == 0 || sealedBytes.Length < offset + wrappedLength + NonceSize + TagSize)
        {
            throw Malformed("it is truncated");
        }

        var wrapped = sealedBytes.Slice(offset, wrappedLength);
        offset += wrappedLength;
        var nonce = sealedBytes.Slice(offset, NonceSize);
        offset += NonceSize;
        var ciphertextLength = sealedBytes.Length - offset - TagSize;
        return new EnvelopeParts(version, keyId, wrapped, nonce, sealedBytes.Slice(offset, ciphertextLength), sealedBytes[^TagSize..]);
    }

    private static CredentialIntegrityException Malformed(string reason) => new($"The sealed credential is malformed: {reason}.");
}
