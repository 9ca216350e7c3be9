namespace Credentials.Storage;

/// <summary>
/// The last record of an audit chain as the storage recorded it when appending: its sequence and MAC. Kept beside the
/// records so that a deleted last record is noticed too (the head names a record that is no longer there).
/// </summary>
/// <param name="OrganizationId">The chain.</param>
/// <param name="Sequence">The last appended record's sequence.</param>
/// <param name="Mac">The last appended record's MAC.</param>
public sealed record AuditChainHead(string OrganizationId, long Sequence, byte[] Mac);
