namespace Credentials.AspNetCore;

/// <summary>The consumers of one kind that a deletion affects the same way.</summary>
/// <param name="Kind">The consumer kind's name, such as <c>llm_configuration</c>.</param>
/// <param name="Effect"><c>unlinked</c> or <c>updated</c>.</param>
/// <param name="Count">How many.</param>
/// <param name="Text">The group's part of the summary, such as "2 LLM configs unlinked".</param>
public sealed record ImpactGroupResponse(string Kind, string Effect, int Count, string Text);
