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
    string? Default)
{
    /// <summary>
    /// Whether the field decides where the credential's secrets are sent (an SMTP host, port or encryption; an OAuth 2.0
    /// endpoint, issuer or resource). An update that changes a destination field must give every stored secret field
    /// again: a blank one is refused instead of keeping the stored value, so nobody who may edit a credential but not
    /// read it can redirect its secret to a server they chose.
    /// </summary>
    public bool IsDestination { get; init; }
}
