namespace Credentials;

/// <summary>
/// What an edit form shows: non-secret values pre-filled, every secret field present but empty with
/// <see cref="CredentialFormField.HasStoredValue"/> telling that a value is kept. Never carries a secret.
/// </summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The label.</param>
/// <param name="Key">The key.</param>
/// <param name="Category">The category.</param>
/// <param name="Type">The type (fixed on edit).</param>
/// <param name="TemplateId">The template it came from, if any.</param>
/// <param name="Version">Pass it back as the expected version.</param>
/// <param name="Fields">The type's fields in form order.</param>
public sealed record CredentialEditForm(
    CredentialId Id,
    string Name,
    string Key,
    CredentialCategory Category,
    CredentialType Type,
    string? TemplateId,
    long Version,
    IReadOnlyList<CredentialFormField> Fields);
