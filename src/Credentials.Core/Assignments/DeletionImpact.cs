using System.Globalization;
using System.Text;

namespace Credentials;

/// <summary>What deleting a credential does: every affected consumer and a one-line summary for the confirmation.</summary>
public sealed record DeletionImpact
{
    /// <summary>Creates an impact; <see cref="Summary"/> groups the consumers by kind in the order they are given.</summary>
    /// <param name="credential">The credential.</param>
    /// <param name="consumers">Each affected consumer, grouped by kind in display order.</param>
    public DeletionImpact(CredentialView credential, IReadOnlyList<ConsumerImpact> consumers)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(consumers);
        Credential = credential;
        Consumers = consumers;
        Summary = Summarize(consumers);
    }

    /// <summary>The credential that is (or would be) deleted.</summary>
    public CredentialView Credential { get; }

    /// <summary>Each affected consumer with its effect.</summary>
    public IReadOnlyList<ConsumerImpact> Consumers { get; }

    /// <summary>For example "2 LLM configs unlinked, 1 skill updated", or a plain sentence when nothing is affected.</summary>
    public string Summary { get; }

    private static string Summarize(IReadOnlyList<ConsumerImpact> consumers)
    {
        if (consumers.Count == 0)
        {
            return "No consumers use this credential.";
        }

        var groups = new List<(ConsumerKind Kind, ConsumerDeletionEffect Effect, int Count)>();
        foreach (var impact in consumers)
        {
            var at = groups.FindIndex(g => g.Kind == impact.Consumer.Kind && g.Effect == impact.Effect);
            if (at < 0)
            {
                groups.Add((impact.Consumer.Kind, impact.Effect, 1));
            }
            else
            {
                groups[at] = (groups[at].Kind, groups[at].Effect, groups[at].Count + 1);
            }
        }

        var summary = new StringBuilder();
        foreach (var (kind, effect, count) in groups)
        {
            if (summary.Length > 0)
            {
                summary.Append(", ");
            }

            summary.Append(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? kind.Singular : kind.Plural)} {(effect == ConsumerDeletionEffect.Unlinked ? "unlinked" : "updated")}");
        }

        return summary.ToString();
    }
}
