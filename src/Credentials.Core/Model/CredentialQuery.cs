namespace Credentials;

/// <summary>Filters and paging for <c>ICredentialStore.ListAsync</c>.</summary>
public sealed record CredentialQuery
{
    /// <summary>Only this category, when set.</summary>
    public CredentialCategory? Category { get; init; }

    /// <summary>Only this type, when set.</summary>
    public CredentialType? Type { get; init; }

    /// <summary>Only credentials whose name or key contains this text (case-insensitive), when set.</summary>
    public string? Text { get; init; }

    /// <summary>Items per page; <see cref="CredentialsOptions.DefaultPageSize"/> when null.</summary>
    public int? PageSize { get; init; }

    /// <summary>The token of the previous page, to continue after it.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>
    /// Only this user's own credentials, when set; only the organization's shared ones when null (the default). In a
    /// user's context it may only name that user.
    /// </summary>
    public string? OwnerUserId { get; init; }

    /// <summary>
    /// Every credential of the organization, shared and every user's, each card naming its owner (an administrator's view;
    /// cards are masked as always). Only in the organization's own context; ignores <see cref="OwnerUserId"/>.
    /// </summary>
    public bool IncludeAllUsers { get; init; }
}
