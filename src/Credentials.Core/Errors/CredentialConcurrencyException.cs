namespace Credentials;

/// <summary>The credential changed since it was read (its version is not the expected one).</summary>
public sealed class CredentialConcurrencyException : CredentialException
{
    /// <summary>Creates the exception.</summary>
    public CredentialConcurrencyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    public CredentialConcurrencyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialConcurrencyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
