using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Credentials.Storage;

namespace Credentials;

/// <summary>
/// Turns a secret into a sealed envelope and back, keeping plaintext bytes only as long as needed. Refuses to seal
/// under, or open from, a retired key.
/// </summary>
internal sealed class CredentialSealer(IKeyEncryptionKeyProvider keys, KeyRetirements? retirements = null)
{
    public IKeyEncryptionKeyProvider Keys { get; } = keys;

    public KeyRetirements Retirements { get; } = retirements ?? new KeyRetirements();

    /// <summary>Seals a secret for one credential; returns the key id used and the sealed bytes.</summary>
    public (string KeyId, byte[] Sealed) Seal(string organizationId, Guid credentialId, string key, CredentialSecret secret)
    {
        var kek = Keys.PrimaryKey;
        if (Retirements.IsRetired(kek.KeyId))
        {
            throw new CredentialException($"The primary key '{kek.KeyId}' is retired: nothing is written with it. Rotate to a new key (ICredentialKeyManager.RotateAsync).");
        }

        var plaintext = JsonSerializer.SerializeToUtf8Bytes(secret, CredentialJsonContext.Default.CredentialSecret);
        try
        {
            var context = new EnvelopeContext(organizationId, credentialId, secret.Type.ToWireName(), key);
            return (kek.KeyId, CredentialEnvelope.Seal(kek, context, plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Opens a stored credential; every failure is a <see cref="CredentialIntegrityException"/>.</summary>
    public CredentialSecret Open(CredentialRecord record)
    {
        var metadata = record.Metadata;
        var parts = CredentialEnvelope.Parse(record.SealedSecret);
        if (!string.Equals(parts.KeyId, record.KeyId, StringComparison.Ordinal))
        {
            throw new CredentialIntegrityException("The credential's key id column does not match its sealed header.");
        }

        if (Retirements.IsRetired(parts.KeyId))
        {
            throw new CredentialIntegrityException($"The credential was sealed under key '{parts.KeyId}', which is retired; it cannot be opened.");
        }

        var length = parts.Ciphertext.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var plaintext = buffer.AsSpan(0, length);
            var context = new EnvelopeContext(metadata.OrganizationId, metadata.Id, metadata.Type, metadata.Key);
            CredentialEnvelope.Open(Keys, context, record.SealedSecret, plaintext);
            CredentialSecret? secret;
            try
            {
                secret = JsonSerializer.Deserialize(plaintext, CredentialJsonContext.Default.CredentialSecret);
            }
            catch (JsonException)
            {
                // Authenticated but unreadable: written by a broken writer. Never surface the parser's message (it may quote the payload).
                throw new CredentialIntegrityException("The credential's payload is authenticated but is not a readable credential.");
            }

            if (secret is null || !string.Equals(secret.Type.ToWireName(), metadata.Type, StringComparison.Ordinal))
            {
                throw new CredentialIntegrityException("The credential's payload does not match its stored type.");
            }

            return secret;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
