namespace Credentials;

/// <summary>
/// A key-encryption key (KEK): it wraps the fresh data key of each credential and unwraps it again. The KEK itself
/// never touches credential payloads, so rotating it only rewraps 32-byte data keys.
/// </summary>
/// <remarks>
/// Implement this (with <see cref="IKeyEncryptionKeyProvider"/>) to keep the KEK in a KMS or an HSM: wrap and unwrap
/// are the only operations the vault needs, and the key material may stay inside the device. Both methods run on
/// the resolve path, so they are synchronous; a remote provider should cache unwrapped keys only with care.
/// Implementations must be thread-safe.
/// </remarks>
public interface IKeyEncryptionKey
{
    /// <summary>The key's id, stored beside every data key it wraps: 1-64 printable ASCII characters, no spaces.</summary>
    string KeyId { get; }

    /// <summary>Wraps (encrypts and authenticates) a data key, bound to <paramref name="associatedData"/>.</summary>
    /// <param name="dataKey">The 32-byte data key.</param>
    /// <param name="associatedData">Context that must match on unwrap (organization and credential id).</param>
    /// <returns>The wrapped key, at most 1024 bytes.</returns>
    byte[] WrapKey(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData);

    /// <summary>Unwraps a data key; false when the wrapped key or its context fails authentication.</summary>
    /// <param name="wrappedKey">The output of <see cref="WrapKey"/>.</param>
    /// <param name="associatedData">The same context given to <see cref="WrapKey"/>.</param>
    /// <param name="dataKey">Receives the 32-byte data key.</param>
    bool TryUnwrapKey(ReadOnlySpan<byte> wrappedKey, ReadOnlySpan<byte> associatedData, Span<byte> dataKey);
}
