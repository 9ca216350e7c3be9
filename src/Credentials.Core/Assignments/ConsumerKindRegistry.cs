using Credentials.Storage;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>The registered consumer kinds: lookup by name, display order, and the consumers of stored assignments.</summary>
internal sealed class ConsumerKindRegistry
{
    private readonly Dictionary<string, int> _order = new(StringComparer.Ordinal);

    public ConsumerKindRegistry(IOptions<ConsumerKindOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Kinds = options.Value.Kinds.ToArray();
        for (var i = 0; i < Kinds.Count; i++)
        {
            _order[Kinds[i].Name] = i;
        }
    }

    /// <summary>Every registered kind, in display order.</summary>
    public IReadOnlyList<ConsumerKind> Kinds { get; }

    public ConsumerKind? Find(string? name) => name is not null && _order.TryGetValue(name, out var at) ? Kinds[at] : null;

    /// <summary>
    /// The consumers of stored assignments, ordered as the kinds are registered, then by consumer id (ordinal). A kind
    /// stored earlier but no longer registered still shows, after the registered ones, labelled by its name and unlinked.
    /// </summary>
    public IReadOnlyList<ConsumerRef> ToConsumers(IReadOnlyList<AssignmentRecord> assignments) =>
        assignments
            .Select(a => new ConsumerRef(Find(a.ConsumerKind) ?? new ConsumerKind(a.ConsumerKind, a.ConsumerKind, a.ConsumerKind, ConsumerDeletionEffect.Unlinked), a.ConsumerId, a.DisplayName))
            .OrderBy(c => _order.TryGetValue(c.Kind.Name, out var at) ? at : int.MaxValue)
            .ThenBy(c => c.Kind.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
}
