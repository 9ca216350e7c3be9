namespace Credentials.AspNetCore;

/// <summary>What deleting a credential does (or did) to its consumers.</summary>
/// <param name="Credential">The credential's card.</param>
/// <param name="Summary">The confirmation's sentence, such as "2 LLM configs unlinked, 1 skill updated".</param>
/// <param name="Groups">The affected consumers counted by kind and effect.</param>
/// <param name="Consumers">Each affected consumer with its effect.</param>
public sealed record DeletionImpactResponse(
    CredentialResponse Credential,
    string Summary,
    IReadOnlyList<ImpactGroupResponse> Groups,
    IReadOnlyList<ConsumerImpactResponse> Consumers);
