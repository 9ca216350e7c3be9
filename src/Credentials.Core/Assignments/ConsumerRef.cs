namespace Credentials;

/// <summary>Something that uses a credential: an LLM configuration, a skill, a tool definition, a runtime, or a host's own kind.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Id">The consumer's id in the host.</param>
/// <param name="DisplayName">The name to show in an impact message, if known.</param>
public sealed record ConsumerRef(ConsumerKind Kind, string Id, string? DisplayName = null);
