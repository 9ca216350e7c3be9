namespace Credentials;

/// <summary>No credential with that key or id exists in that organization.</summary>
public sealed class CredentialNotFoundException : CredentialException
{
    /// <summary>Creates the exception.</summary>
    public CredentialNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    public CredentialNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
