using System.Security.Cryptography;

namespace Credentials;

/// <summary>
/// A local 256-bit KEK that wraps data keys with AES-256-GCM: <c>nonce (12) | wrapped key (32) | tag (16)</c>.
/// </summary>
internal sealed class AesGcmKeyEncryptionKey : IKeyEncryptionKey, IDisposable
{
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    public const int WrappedSize = NonceSize + KeySize + TagSize;

    // An AesGcm instance keeps one native cipher context, which is not safe to share between threads.
    private readonly Lock _lock = new();
    private readonly AesGcm _aes;

    public AesGcmKeyEncryptionKey(string keyId, ReadOnlySpan<byte> key)
    {
        KeyIds.ThrowIfInvalid(keyId);
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A key-encryption key is {KeySize} bytes (256 bits).", nameof(key));
        }

        KeyId = keyId;
        _aes = new AesGcm(key, TagSize);
    }

    public string KeyId { get; }

    public byte[] WrapKey(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData)
    {
        if (dataKey.Length != KeySize)
        {
            throw new ArgumentException($"A data key is {KeySize} bytes.", nameof(dataKey));
        }

        var wrapped = new byte[WrappedSize];
        var nonce = wrapped.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        lock (_lock)
        {
            _aes.Encrypt(nonce, dataKey, wrapped.AsSpan(NonceSize, KeySize), wrapped.AsSpan(NonceSize + KeySize, TagSize), associatedData);
        }

        return wrapped;
    }

    public bool TryUnwrapKey(ReadOnlySpan<byte> wrappedKey, ReadOnlySpan<byte> associatedData, Span<byte> dataKey)
    {
        if (wrappedKey.Length != WrappedSize || dataKey.Length != KeySize)
        {
            return false;
        }

        try
        {
            lock (_lock)
            {
                _aes.Decrypt(
                    wrappedKey[..NonceSize],
                    wrappedKey.Slice(NonceSize, KeySize),
                    wrappedKey.Slice(NonceSize + KeySize, TagSize),
                    dataKey,
                    associatedData);
            }

            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(dataKey);
            return false;
        }
    }

    public void Dispose() => _aes.Dispose();
}
