using System.Globalization;

namespace Credentials;

/// <summary>The affected consumers of one kind, counted: one part of a <see cref="DeletionImpact"/>'s summary.</summary>
public sealed record ConsumerImpactGroup
{
    /// <summary>Creates a group.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="effect">What the deletion does to consumers of this kind.</param>
    /// <param name="consumers">The affected consumers of this kind.</param>
    public ConsumerImpactGroup(ConsumerKind kind, ConsumerDeletionEffect effect, IReadOnlyList<ConsumerImpact> consumers)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(consumers);
        Kind = kind;
        Effect = effect;
        Consumers = consumers;
        var label = consumers.Count == 1 ? kind.Singular : kind.Plural;
        var verb = effect == ConsumerDeletionEffect.Unlinked ? "unlinked" : "updated";
        Text = string.Create(CultureInfo.InvariantCulture, $"{consumers.Count} {label} {verb}");
    }

    /// <summary>The kind.</summary>
    public ConsumerKind Kind { get; }

    /// <summary>What the deletion does to consumers of this kind.</summary>
    public ConsumerDeletionEffect Effect { get; }

    /// <summary>The affected consumers of this kind.</summary>
    public IReadOnlyList<ConsumerImpact> Consumers { get; }

    /// <summary>How many consumers of this kind are affected.</summary>
    public int Count => Consumers.Count;

    /// <summary>This group's part of the summary, such as "2 LLM configs unlinked" or "1 skill updated".</summary>
    public string Text { get; }

    /// <summary>Equal when kind, effect and the consumers (in order) are equal.</summary>
    /// <param name="other">The other group.</param>
    public bool Equals(ConsumerImpactGroup? other) =>
        other is not null && Kind.Equals(other.Kind) && Effect == other.Effect && Consumers.SequenceEqual(other.Consumers);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Effect, Consumers.Count);
}
