namespace Credentials;

/// <summary>Which audit records to list: filters, order and a page. Every property is optional.</summary>
public sealed record AuditQuery
{
    /// <summary>Only records about this credential.</summary>
    public CredentialId? CredentialId { get; init; }

    /// <summary>Only records by this actor (a user, or <see cref="AuditActor.System"/>).</summary>
    public AuditActor? Actor { get; init; }

    /// <summary>Only records of this action.</summary>
    public AuditAction? Action { get; init; }

    /// <summary>Only records at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only records before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Newest first instead of the default oldest first (the order the records were appended in).</summary>
    public bool NewestFirst { get; init; }

    /// <summary>Records per page; the vault's <see cref="CredentialsOptions.DefaultPageSize"/> when not set.</summary>
    public int? PageSize { get; init; }

    /// <summary>The token of the previous page (<see cref="AuditPage.ContinuationToken"/>) with the same filters and order.</summary>
    public string? ContinuationToken { get; init; }
}
