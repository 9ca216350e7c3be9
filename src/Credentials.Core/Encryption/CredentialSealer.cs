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
    /// <param name="organizationId">The organization.</param>
    /// <param name="ownerUserId">The user who owns the credential, or null when the organization shares it.</param>
    /// <param name="credentialId">The credential id.</param>
    /// <param name="key">The credential's lookup key.</param>
    /// <param name="version">The row version the credential will have once this envelope is written.</param>
    /// <param name="secret">The values.</param>
    public (string KeyId, byte[] Sealed) Seal(string organizationId, string? ownerUserId, Guid credentialId, string key, long version, CredentialSecret secret) =>
        Seal(Keys.PrimaryKey, organizationId, ownerUserId, credentialId, key, version, secret);

    /// <summary>Seals a secret under <paramref name="kek"/> (the primary that <c>CredentialsInitializer.PrepareWriteAsync</c> returned).</summary>
    public (string KeyId, byte[] Sealed) Seal(IKeyEncryptionKey kek, string organizationId, string? ownerUserId, Guid credentialId, string key, long version, CredentialSecret secret)
    {
        ArgumentNullException.ThrowIfNull(kek);
        if (Retirements.IsRetired(kek.KeyId))
        {
            throw new CredentialException($"The primary key '{kek.KeyId}' is retired: nothing is written with it. Rotate to a new key (ICredentialKeyManager.RotateAsync).");
        }

        var plaintext = JsonSerializer.SerializeToUtf8Bytes(secret, CredentialJsonContext.Default.CredentialSecret);
        try
        {
            var context = new EnvelopeContext(organizationId, credentialId, secret.Type.ToWireName(), key, ownerUserId, version);
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
        ArgumentNullException.ThrowIfNull(record);
        var m = record.Metadata;
        return Open(m.OrganizationId, m.OwnerUserId, m.Id, m.Type, m.Key, m.Version, record.KeyId, record.SealedSecret);
    }

    /// <summary>Opens the envelope of the credential <paramref name="key"/> of an organization's owner (the resolve path).</summary>
    public CredentialSecret Open(string organizationId, string? ownerUserId, string key, ResolvableCredentialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Open(organizationId, ownerUserId, record.Id, record.Type, key, record.Version, record.KeyId, record.SealedSecret);
    }

    private CredentialSecret Open(string organizationId, string? ownerUserId, Guid id, string type, string key, long version, string keyId, byte[] sealedSecret)
    {
        var parts = CredentialEnvelope.Parse(sealedSecret, keyId);
        if (!string.Equals(parts.KeyId, keyId, StringComparison.Ordinal))
        {
            throw new CredentialIntegrityException("The credential's key id column does not match its sealed header.");
        }

        if (!CredentialWireNames.TryParseType(type, out var credentialType))
        {
            throw new CredentialIntegrityException("The credential's stored type is not a known type.");
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
            var context = new EnvelopeContext(organizationId, id, type, key, ownerUserId, version);
            CredentialEnvelope.Open(Keys, context, parts, plaintext);
            CredentialSecret? secret;
            try
            {
                secret = SecretPayload.Read(credentialType, plaintext);
            }
            catch (JsonException)
            {
                // Authenticated but unreadable: written by a broken writer. Never surface the parser's message (it may quote the payload).
                throw new CredentialIntegrityException("The credential's payload is authenticated but is not a readable credential.");
            }

            return secret ?? throw new CredentialIntegrityException("The credential's payload does not match its stored type.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
