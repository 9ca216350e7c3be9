namespace Credentials;

/// <summary>The key is already used by another credential of that organization.</summary>
public sealed class CredentialConflictException : CredentialException
{
    /// <summary>Creates the exception.</summary>
    public CredentialConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    public CredentialConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
