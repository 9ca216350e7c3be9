namespace Credentials;

/// <summary>
/// An OAuth 2.0 credential can no longer get tokens (the authorization server answered <c>invalid_grant</c>: the grant was
/// revoked or expired, or the refresh token was used twice): someone must connect it again
/// (<c>ICredentialConnections.BeginAsync</c>). Its connection state is <c>NeedsReconnect</c> until then. Carries no secret.
/// </summary>
public sealed class CredentialReconnectRequiredException : CredentialException
{
    /// <summary>Creates the exception.</summary>
    public CredentialReconnectRequiredException()
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    public CredentialReconnectRequiredException(string message)
        : base(message)
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialReconnectRequiredException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception for a credential that must be connected again.</summary>
    /// <param name="credentialId">The credential.</param>
    /// <param name="key">The credential's key.</param>
    public CredentialReconnectRequiredException(CredentialId credentialId, string key)
        : base($"The OAuth 2.0 credential '{key}' ({credentialId}) needs reconnecting: the authorization server no longer accepts its grant. Connect it again.")
    {
        CredentialId = credentialId;
        Key = key;
    }

    /// <summary>The credential that needs reconnecting.</summary>
    public CredentialId CredentialId { get; }

    /// <summary>The credential's key.</summary>
    public string Key { get; }
}
