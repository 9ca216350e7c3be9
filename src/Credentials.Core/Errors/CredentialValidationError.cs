namespace Credentials;

/// <summary>One broken rule: the field (wire name, or <c>name</c>/<c>key</c>/<c>category</c>) and the rule in words.</summary>
/// <param name="Field">The field's wire name.</param>
/// <param name="Message">The rule that was broken; never the value.</param>
public sealed record CredentialValidationError(string Field, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Field}: {Message}";
}
