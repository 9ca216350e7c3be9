namespace Credentials;

/// <summary>One key of a built-in ring with what the ring records about it.</summary>
internal sealed record KeyRingMember(AesGcmKeyEncryptionKey Key, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);
