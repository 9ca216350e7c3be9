namespace Credentials;

/// <summary>Filters and paging for <see cref="ICredentialStore.ListAsync"/>.</summary>
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
}
