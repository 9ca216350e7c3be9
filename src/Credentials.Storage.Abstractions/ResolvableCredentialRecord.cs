namespace Credentials.Storage;

/// <summary>
/// What resolving a credential by key needs, and nothing more: the columns its envelope is bound to and the envelope.
/// </summary>
/// <param name="Id">The credential id.</param>
/// <param name="Type">The credential type's wire name.</param>
/// <param name="KeyId">The id of the key-encryption key that wraps its data key.</param>
/// <param name="SealedSecret">The envelope as stored.</param>
/// <param name="Version">The stored row version (the envelope is bound to it).</param>
public sealed record ResolvableCredentialRecord(Guid Id, string Type, string KeyId, byte[] SealedSecret, long Version);
