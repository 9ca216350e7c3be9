namespace Credentials;

/// <summary>The registered consumer kinds, in display order: the built-ins first, then the host's in registration order.</summary>
internal sealed class ConsumerKindOptions
{
    public List<ConsumerKind> Kinds { get; } =
        [ConsumerKind.LlmConfiguration, ConsumerKind.Skill, ConsumerKind.ToolDefinition, ConsumerKind.Runtime];

    /// <summary>Adds a kind, or replaces the one of the same name in place (so a built-in keeps its position).</summary>
    public void Add(ConsumerKind kind)
    {
        var at = Kinds.FindIndex(k => k.Equals(kind));
        if (at < 0)
        {
            Kinds.Add(kind);
        }
        else
        {
            Kinds[at] = kind;
        }
    }
}
