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

    // An AesGcm instance keeps one native cipher context, which is not safe to share between threads. One instance behind
    // one lock made concurrent resolves queue on it (every resolve unwraps); a few instances, each behind its own lock and
    // picked by thread, let callers on different cores unwrap at once. The key schedule is the same in each.
    private static readonly int StripeCount = Math.Clamp(Environment.ProcessorCount * 2, 2, 32);
    private readonly Stripe[] _stripes;

    public AesGcmKeyEncryptionKey(string keyId, ReadOnlySpan<byte> key)
    {
        KeyIds.ThrowIfInvalid(keyId);
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A key-encryption key is {KeySize} bytes (256 bits).", nameof(key));
        }

        KeyId = keyId;
        _stripes = new Stripe[StripeCount];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new Stripe(new AesGcm(key, TagSize));
        }
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
        var stripe = Current;
        lock (stripe.Lock)
        {
            stripe.Aes.Encrypt(nonce, dataKey, wrapped.AsSpan(NonceSize, KeySize), wrapped.AsSpan(NonceSize + KeySize, TagSize), associatedData);
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
            var stripe = Current;
            lock (stripe.Lock)
            {
                stripe.Aes.Decrypt(
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

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            lock (stripe.Lock)
            {
                stripe.Aes.Dispose();
            }
        }
    }

    private Stripe Current => _stripes[(uint)Environment.CurrentManagedThreadId % (uint)_stripes.Length];

    private sealed class Stripe(AesGcm aes)
    {
        public Lock Lock { get; } = new();

        public AesGcm Aes { get; } = aes;
    }
}
