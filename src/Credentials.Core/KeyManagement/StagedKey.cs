using System.Security.Cryptography;

namespace Credentials;

/// <summary>A key made by <see cref="IStagedKeyRotation.CreateKey"/>: its id, creation time and material, until activated.</summary>
internal sealed class StagedKey : IDisposable
{
    private readonly byte[] _material;

    public StagedKey(string id, DateTimeOffset createdAt)
    {
        Id = id;
        CreatedAt = createdAt;
        _material = RandomNumberGenerator.GetBytes(AesGcmKeyEncryptionKey.KeySize);
        Key = new AesGcmKeyEncryptionKey(id, _material);
    }

    public string Id { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The key itself (for the key check written before activation).</summary>
    public AesGcmKeyEncryptionKey Key { get; }

    public ReadOnlySpan<byte> Material => _material;

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_material);
        Key.Dispose();
    }
}
