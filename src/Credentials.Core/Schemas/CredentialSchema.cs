namespace Credentials;

/// <summary>The form of one credential type: its fields in form order.</summary>
/// <param name="Type">The type.</param>
/// <param name="Label">The type's name in a type picker, such as "API Token".</param>
/// <param name="Description">What the type is for.</param>
/// <param name="Fields">The fields in form order.</param>
public sealed record CredentialSchema(CredentialType Type, string Label, string Description, IReadOnlyList<CredentialFieldSchema> Fields)
{
    /// <summary>The field with this wire name, or null.</summary>
    /// <param name="name">The wire name.</param>
    public CredentialFieldSchema? FindField(string name)
    {
        foreach (var field in Fields)
        {
            if (string.Equals(field.Name, name, StringComparison.Ordinal))
            {
                return field;
            }
        }

        return null;
    }
}
