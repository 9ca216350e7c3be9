namespace Credentials;

/// <summary>One page of a listing.</summary>
/// <param name="Items">The cards of this page, ordered by key.</param>
/// <param name="ContinuationToken">Pass it in <see cref="CredentialQuery.ContinuationToken"/> for the next page; null on the last page.</param>
public sealed record CredentialPage(IReadOnlyList<CredentialView> Items, string? ContinuationToken);
