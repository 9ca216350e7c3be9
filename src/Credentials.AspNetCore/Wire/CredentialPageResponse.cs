namespace Credentials.AspNetCore;

/// <summary>A page of cards.</summary>
/// <param name="Items">The cards, ordered by key.</param>
/// <param name="ContinuationToken">Pass it as <c>?continuationToken=</c> for the next page; null on the last page.</param>
public sealed record CredentialPageResponse(IReadOnlyList<CredentialResponse> Items, string? ContinuationToken);
