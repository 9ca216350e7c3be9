namespace Credentials;

/// <summary>
/// A kind of thing that uses credentials. Kinds are equal when their <see cref="Name"/> is (ordinal). The four built-ins
/// are registered by <c>AddCredentialsCore()</c>; a host registers more with <c>AddConsumerKind</c>, and registering a
/// built-in's name again changes its labels or effect. Where a kind is looked up by name, the registered one wins.
/// </summary>
/// <param name="Name">The stable id of the kind, such as <c>llm_configuration</c>.</param>
/// <param name="Singular">The label for one, such as "LLM config".</param>
/// <param name="Plural">The label for several, such as "LLM configs".</param>
/// <param name="DeletionEffect">What deleting a credential does to consumers of this kind.</param>
public sealed record ConsumerKind(string Name, string Singular, string Plural, ConsumerDeletionEffect DeletionEffect)
{
    /// <summary>An LLM configuration: holds one credential, so a deletion unlinks it.</summary>
    public static ConsumerKind LlmConfiguration { get; } = new("llm_configuration", "LLM config", "LLM configs", ConsumerDeletionEffect.Unlinked);

    /// <summary>A skill: holds a list of credentials, so a deletion updates it.</summary>
    public static ConsumerKind Skill { get; } = new("skill", "skill", "skills", ConsumerDeletionEffect.Updated);

    /// <summary>A tool definition: holds a list of credentials, so a deletion updates it.</summary>
    public static ConsumerKind ToolDefinition { get; } = new("tool_definition", "tool definition", "tool definitions", ConsumerDeletionEffect.Updated);

    /// <summary>A runtime: holds one credential, so a deletion unlinks it.</summary>
    public static ConsumerKind Runtime { get; } = new("runtime", "runtime", "runtimes", ConsumerDeletionEffect.Unlinked);

    /// <summary>Equal when the names are equal (ordinal).</summary>
    /// <param name="other">The other kind.</param>
    public bool Equals(ConsumerKind? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => Name is null ? 0 : StringComparer.Ordinal.GetHashCode(Name);
}
