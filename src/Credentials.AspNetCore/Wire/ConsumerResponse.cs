namespace Credentials.AspNetCore;

/// <summary>A consumer a credential is assigned to.</summary>
/// <param name="Kind">The consumer kind's name, such as <c>skill</c>.</param>
/// <param name="KindLabel">The kind's singular label, such as "LLM config".</param>
/// <param name="Id">The consumer's id in the host.</param>
/// <param name="DisplayName">The consumer's display name, if any.</param>
public sealed record ConsumerResponse(string Kind, string KindLabel, string Id, string? DisplayName);
