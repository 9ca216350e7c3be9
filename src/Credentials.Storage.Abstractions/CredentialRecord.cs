namespace Credentials.Storage;

/// <summary>
/// One stored credential: its metadata and its sealed secret. The storage provider never sees plaintext.
/// </summary>
/// <param name="Metadata">The non-secret columns.</param>
/// <param name="KeyId">The id of the key-encryption key that wraps this credential's data key (also inside <paramref name="SealedSecret"/>; kept as a column so key rotation can find what to rewrap).</param>
/// <param name="SealedSecret">The envelope: header, wrapped data key, nonce, ciphertext and tag.</param>
public sealed record CredentialRecord(CredentialMetadataRecord Metadata, string KeyId, byte[] SealedSecret);
