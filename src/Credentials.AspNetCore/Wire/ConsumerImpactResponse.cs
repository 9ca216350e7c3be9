namespace Credentials.AspNetCore;

/// <summary>One consumer a deletion affects.</summary>
/// <param name="Kind">The consumer kind's name.</param>
/// <param name="KindLabel">The kind's singular label, such as "LLM config".</param>
/// <param name="Id">The consumer's id in the host.</param>
/// <param name="DisplayName">The consumer's display name, if any.</param>
/// <param name="Effect"><c>unlinked</c> or <c>updated</c>.</param>
public sealed record ConsumerImpactResponse(string Kind, string KindLabel, string Id, string? DisplayName, string Effect);
