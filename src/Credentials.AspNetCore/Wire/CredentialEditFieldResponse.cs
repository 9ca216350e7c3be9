namespace Credentials.AspNetCore;

/// <summary>One field of an edit form.</summary>
/// <param name="Name">The wire name.</param>
/// <param name="Label">The label.</param>
/// <param name="InputKind">How to render it.</param>
/// <param name="Required">Whether a value must be given on create.</param>
/// <param name="Secret">Whether it is secret.</param>
/// <param name="Options">The allowed values of a select field.</param>
/// <param name="Value">The stored value of a non-secret field; always null for a secret field.</param>
/// <param name="HasStoredValue">Whether a value is stored (so a form can say "value stored; leave blank to keep it").</param>
public sealed record CredentialEditFieldResponse(
    string Name,
    string Label,
    string InputKind,
    bool Required,
    bool Secret,
    IReadOnlyList<string> Options,
    string? Value,
    bool HasStoredValue)
{
    /// <summary>
    /// Whether the field decides where the secrets are sent: changing it requires every stored secret field again (a
    /// blank one is refused with 422 on that field instead of keeping the stored value).
    /// </summary>
    public bool IsDestination { get; init; }
}
