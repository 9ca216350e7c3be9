namespace Credentials;

/// <summary>What a listing shows of one key-encryption key: its id and state, never its material.</summary>
/// <param name="Id">The key id, as stored in every envelope it wraps.</param>
/// <param name="CreatedAt">When the key was created (for keys from outside a ring, when this store first saw it).</param>
/// <param name="IsPrimary">Whether new writes are wrapped under this key.</param>
/// <param name="IsRetired">Whether the key is retired: nothing may be opened or written with it.</param>
/// <param name="WrappedCount">How many stored credentials have their data key wrapped under this key.</param>
public sealed record CredentialKeyInfo(string Id, DateTimeOffset CreatedAt, bool IsPrimary, bool IsRetired, long WrappedCount);
