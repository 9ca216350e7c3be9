namespace Credentials;

/// <summary>The base of every error this library raises. Messages name fields, keys and ids, never secret values.</summary>
public class CredentialException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CredentialException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    public CredentialException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
