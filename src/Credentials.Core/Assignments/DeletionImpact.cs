namespace Credentials;

/// <summary>
/// What deleting a credential does: every affected consumer with its effect, the consumers grouped and counted by
/// kind, and a one-line summary for the confirmation ("2 LLM configs unlinked, 1 skill updated").
/// </summary>
public sealed record DeletionImpact
{
    /// <summary>The summary when no consumer uses the credential.</summary>
    public const string NothingAffected = "No consumers use this credential.";

    /// <summary>Creates an impact; the groups (and so the summary) follow the order of the consumers' kinds as given.</summary>
    /// <param name="credential">The credential.</param>
    /// <param name="consumers">Each affected consumer, in display order (the vault orders kinds as they are registered).</param>
    public DeletionImpact(CredentialView credential, IReadOnlyList<ConsumerImpact> consumers)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(consumers);
        Credential = credential;
        Consumers = consumers;
        Groups = Group(consumers);
        Summary = Groups.Count == 0 ? NothingAffected : string.Join(", ", Groups.Select(g => g.Text));
    }

    /// <summary>The credential that is (or would be) deleted.</summary>
    public CredentialView Credential { get; }

    /// <summary>Each affected consumer with its display name and effect.</summary>
    public IReadOnlyList<ConsumerImpact> Consumers { get; }

    /// <summary>The affected consumers grouped by kind and effect, counted, in display order.</summary>
    public IReadOnlyList<ConsumerImpactGroup> Groups { get; }

    /// <summary>For example "2 LLM configs unlinked, 1 skill updated", or <see cref="NothingAffected"/>.</summary>
    public string Summary { get; }

    /// <summary>Equal when the credential and the consumers (in order) are equal.</summary>
    /// <param name="other">The other impact.</param>
    public bool Equals(DeletionImpact? other) =>
        other is not null && Credential.Equals(other.Credential) && Consumers.SequenceEqual(other.Consumers);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Credential, Consumers.Count, Summary);

    private static ConsumerImpactGroup[] Group(IReadOnlyList<ConsumerImpact> consumers)
    {
        var groups = new List<(ConsumerKind Kind, ConsumerDeletionEffect Effect, List<ConsumerImpact> Members)>();
        foreach (var impact in consumers)
        {
            ArgumentNullException.ThrowIfNull(impact);
            var at = groups.FindIndex(g => g.Kind.Equals(impact.Consumer.Kind) && g.Effect == impact.Effect);
            if (at < 0)
            {
                groups.Add((impact.Consumer.Kind, impact.Effect, [impact]));
            }
            else
            {
                groups[at].Members.Add(impact);
            }
        }

        return groups.Select(g => new ConsumerImpactGroup(g.Kind, g.Effect, g.Members)).ToArray();
    }
}
