namespace Credentials;

/// <summary>
/// A resolve with <see cref="ResolveScope.User"/> found no credential of the user's own under that key: the user has not
/// connected their account yet. A host turns it into "Connect your GitHub account" (<see cref="TemplateId"/> names the
/// template to offer, when a template has that key).
/// </summary>
public sealed class CredentialConnectionRequiredException : CredentialException
{
    /// <summary>Creates the exception.</summary>
    public CredentialConnectionRequiredException()
    {
        Key = string.Empty;
        UserId = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    public CredentialConnectionRequiredException(string message)
        : base(message)
    {
        Key = string.Empty;
        UserId = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialConnectionRequiredException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Key = string.Empty;
        UserId = string.Empty;
    }

    /// <summary>Creates the exception for a key the user has not connected.</summary>
    /// <param name="key">The credential key that was resolved.</param>
    /// <param name="userId">The user.</param>
    /// <param name="templateId">The template with that key, if any.</param>
    public CredentialConnectionRequiredException(string key, string userId, string? templateId)
        : base($"User '{userId}' has not connected a credential with the key '{key}'; ask them to connect it{(templateId is null ? "" : $" (template '{templateId}')")}.")
    {
        Key = key;
        UserId = userId;
        TemplateId = templateId;
    }

    /// <summary>The credential key that was resolved.</summary>
    public string Key { get; }

    /// <summary>The user who has no credential of their own under <see cref="Key"/>.</summary>
    public string UserId { get; }

    /// <summary>The template whose key is <see cref="Key"/>, if the catalog has one: what the host offers to connect.</summary>
    public string? TemplateId { get; }
}
