namespace Credentials.AspNetCore;

/// <summary>One field of a type's form.</summary>
/// <param name="Name">The wire name, such as <c>api_secret</c>: the key in <c>fields</c>.</param>
/// <param name="Label">The label a form shows.</param>
/// <param name="InputKind">How to render it: <c>text</c>, <c>password</c>, <c>number</c>, <c>select</c>, <c>multiline</c> or <c>json</c>.</param>
/// <param name="Required">Whether a value must be given on create.</param>
/// <param name="Secret">Whether it is secret: never pre-filled; blank on update keeps the stored value.</param>
/// <param name="Options">The allowed values of a select field.</param>
/// <param name="Default">The value a new form starts with, if any.</param>
public sealed record CredentialFieldResponse(
    string Name,
    string Label,
    string InputKind,
    bool Required,
    bool Secret,
    IReadOnlyList<string> Options,
    string? Default)
{
    /// <summary>
    /// Whether the field decides where the secrets are sent (an SMTP host, port or encryption; an OAuth 2.0 endpoint,
    /// issuer or resource). Changing it on update requires every stored secret field again (422 on each one left blank).
    /// </summary>
    public bool IsDestination { get; init; }
}
