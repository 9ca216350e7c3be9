namespace Credentials.Storage;

/// <summary>A page of one audit chain: filters, a keyset position (the sequence) and a limit.</summary>
/// <param name="Limit">The most records to return.</param>
public sealed record AuditStorageQuery(int Limit)
{
    /// <summary>Only records after this sequence (or before it, with <see cref="Descending"/>), when set.</summary>
    public long? AfterSequence { get; init; }

    /// <summary>Newest first (descending sequence) instead of oldest first.</summary>
    public bool Descending { get; init; }

    /// <summary>Only records of this credential, when set.</summary>
    public Guid? CredentialId { get; init; }

    /// <summary>Only records of this action wire name, when set.</summary>
    public string? Action { get; init; }

    /// <summary>Only records by this user, when set.</summary>
    public string? ActorUserId { get; init; }

    /// <summary>Only records with no user ("system"); ignored when <see cref="ActorUserId"/> is set.</summary>
    public bool SystemActorOnly { get; init; }

    /// <summary>Only records at or after this time, when set.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only records before this time, when set.</summary>
    public DateTimeOffset? To { get; init; }
}
