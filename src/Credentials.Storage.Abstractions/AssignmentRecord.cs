namespace Credentials.Storage;

/// <summary>
/// One credential assigned to one consumer (an LLM configuration, a skill, a tool definition, a runtime, or a host's own
/// kind). A consumer is identified by its kind and id; it may hold several credentials.
/// </summary>
/// <param name="OrganizationId">The organization that owns the credential and the assignment.</param>
/// <param name="CredentialId">The credential.</param>
/// <param name="ConsumerKind">The consumer kind's name (for example <c>llm_configuration</c>); compared ordinally.</param>
/// <param name="ConsumerId">The consumer's id in the host; compared ordinally.</param>
/// <param name="DisplayName">The consumer's name to show in an impact message, if known.</param>
public sealed record AssignmentRecord(string OrganizationId, Guid CredentialId, string ConsumerKind, string ConsumerId, string? DisplayName);
