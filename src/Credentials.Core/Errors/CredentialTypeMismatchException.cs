namespace Credentials;

/// <summary>The credential exists but is of another type than the one asked for.</summary>
public sealed class CredentialTypeMismatchException : CredentialException
{
    /// <summary>Creates the exception.</summary>
    public CredentialTypeMismatchException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    public CredentialTypeMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialTypeMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
