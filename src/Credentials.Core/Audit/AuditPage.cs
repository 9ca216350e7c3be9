namespace Credentials;

/// <summary>A page of audit records.</summary>
/// <param name="Items">The records, in the query's order.</param>
/// <param name="ContinuationToken">Pass it as <see cref="AuditQuery.ContinuationToken"/> for the next page; null on the last page.</param>
public sealed record AuditPage(IReadOnlyList<CredentialAuditRecord> Items, string? ContinuationToken);
