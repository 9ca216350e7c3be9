namespace Credentials.Storage;

/// <summary>The outcome of a write; providers report conflicts as values so the vault can raise its own errors.</summary>
public enum StorageWriteResult
{
    /// <summary>The change was applied.</summary>
    Success,

    /// <summary>Another credential of the organization already has that key; nothing changed.</summary>
    KeyConflict,

    /// <summary>The stored version differs from the expected one; nothing changed.</summary>
    VersionConflict,

    /// <summary>No such credential in that organization; nothing changed.</summary>
    NotFound,

    /// <summary>
    /// The key id the change would write is recorded as retired in this store (<see cref="ICredentialStorage.RetireKeyAsync(string, DateTimeOffset, AuditEntry, CancellationToken)"/>):
    /// nothing changed. The writer's view of the keys is out of date (another process rotated and retired); it re-reads
    /// its keys and seals again under the current primary key.
    /// </summary>
    KeyRetired,
}
