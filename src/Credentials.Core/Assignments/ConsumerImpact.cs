namespace Credentials;

/// <summary>One consumer affected by a deletion, and how.</summary>
/// <param name="Consumer">The consumer.</param>
/// <param name="Effect">What the deletion does to it.</param>
public sealed record ConsumerImpact(ConsumerRef Consumer, ConsumerDeletionEffect Effect);
