namespace Credentials;

/// <summary>
/// Something unusual about an accepted credential, worth showing the user (for example port 465 without <c>ssl_tls</c>,
/// or a token that does not start with its service's usual prefix). Warnings never block a save.
/// </summary>
/// <param name="Field">The field's wire name.</param>
/// <param name="Message">What looks wrong and what usually fixes it; never the value.</param>
public sealed record CredentialValidationWarning(string Field, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Field}: {Message}";
}
