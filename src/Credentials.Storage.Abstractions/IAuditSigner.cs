namespace Credentials.Storage;

/// <summary>
/// Computes the MAC of an audit record, chained over the previous record's MAC. The vault implements it with a key the
/// storage never sees; the storage calls it inside the transaction that appends the record, after reading the chain's
/// head, so the chain has no gap and no fork.
/// </summary>
public interface IAuditSigner
{
    /// <summary>The MAC of <paramref name="record"/> (whose own <see cref="AuditRecord.Mac"/> is ignored) after <paramref name="previousMac"/>.</summary>
    /// <param name="record">The record, at its position.</param>
    /// <param name="previousMac">The previous record's MAC; empty for the first record of a chain.</param>
    byte[] Sign(AuditRecord record, byte[] previousMac);
}
