namespace Credentials;

/// <summary>One field of a credential type's form.</summary>
/// <param name="Name">The wire name, such as <c>api_secret</c>.</param>
/// <param name="Label">The label a form shows.</param>
/// <param name="InputKind">How to render it.</param>
/// <param name="Required">Whether a value must be given on create.</param>
/// <param name="Secret">Whether it is secret: never pre-filled on edit; blank on update keeps the stored value.</param>
/// <param name="Options">The allowed values of a select field (wire names); empty otherwise.</param>
/// <param name="Default">The value a new form starts with, if any.</param>
public sealed record CredentialFieldSchema(
    string Name,
    string Label,
    FieldInputKind InputKind,
    bool Required,
    bool Secret,
    IReadOnlyList<string> Options,
    string? Default);
