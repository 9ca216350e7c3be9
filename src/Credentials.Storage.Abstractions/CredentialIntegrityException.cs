namespace Credentials;

/// <summary>Stored data failed authentication: it was tampered with, moved to another record, or the key that sealed it is missing or wrong. No data is returned.</summary>
public sealed class CredentialIntegrityException : CredentialException
{
    /// <summary>Creates the exception.</summary>
    public CredentialIntegrityException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    public CredentialIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialIntegrityException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
