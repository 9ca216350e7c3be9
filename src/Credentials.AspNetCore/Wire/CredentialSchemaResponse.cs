namespace Credentials.AspNetCore;

/// <summary>The form of one credential type.</summary>
/// <param name="Type">The type's wire name.</param>
/// <param name="Label">The type's name in a type picker, such as "API Token".</param>
/// <param name="Description">What the type is for.</param>
/// <param name="Fields">The fields in form order.</param>
public sealed record CredentialSchemaResponse(string Type, string Label, string Description, IReadOnlyList<CredentialFieldResponse> Fields);
