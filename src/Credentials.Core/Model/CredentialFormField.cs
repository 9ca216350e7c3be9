namespace Credentials;

/// <summary>One field of an edit form.</summary>
/// <param name="Schema">The field's definition (wire name, label, input kind...).</param>
/// <param name="Value">The stored value of a non-secret field; always null for a secret field.</param>
/// <param name="HasStoredValue">Whether a value is stored (for secret fields: "leave blank to keep").</param>
public sealed record CredentialFormField(CredentialFieldSchema Schema, string? Value, bool HasStoredValue)
{
    /// <summary>The wire name, such as <c>api_key</c>.</summary>
    public string Name => Schema.Name;

    /// <summary>Whether the field is secret (never pre-filled).</summary>
    public bool IsSecret => Schema.Secret;
}
