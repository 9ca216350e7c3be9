namespace Credentials.AspNetCore;

/// <summary>The body of <c>POST /{id}/consumers</c>: the consumer to assign the credential to.</summary>
/// <param name="Kind">A registered consumer kind's name: <c>llm_configuration</c>, <c>skill</c>, <c>tool_definition</c>, <c>runtime</c> or the host's own.</param>
/// <param name="Id">The consumer's id in the host.</param>
/// <param name="DisplayName">The consumer's display name, if any.</param>
public sealed record AssignConsumerRequest(string? Kind = null, string? Id = null, string? DisplayName = null);
