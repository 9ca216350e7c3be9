namespace Credentials;

/// <summary>
/// A host's <see cref="IConsumerDeletionHandler"/> failed, so the deletion (or recovery) did not happen: the credential
/// and its assignments are as they were. <see cref="Kind"/> and <see cref="ConsumerIds"/> say which consumers the failing
/// handler was updating; <see cref="Exception.InnerException"/> is what it threw.
/// </summary>
public sealed class CredentialConsumerException : CredentialException
{
    /// <summary>Creates the exception.</summary>
    public CredentialConsumerException()
        : this("A consumer handler failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    public CredentialConsumerException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialConsumerException(string message, Exception? innerException)
        : base(message, innerException) => ConsumerIds = [];

    /// <summary>Creates the exception for a failed handler.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    /// <param name="kind">The kind the failing handler updates.</param>
    /// <param name="consumerIds">The ids of the consumers it was given.</param>
    /// <param name="innerException">What the handler threw.</param>
    public CredentialConsumerException(string message, ConsumerKind kind, IReadOnlyList<string> consumerIds, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(consumerIds);
        Kind = kind;
        ConsumerIds = consumerIds;
    }

    /// <summary>The consumer kind whose handler failed, when known.</summary>
    public ConsumerKind? Kind { get; }

    /// <summary>The ids of the consumers the failing handler was given.</summary>
    public IReadOnlyList<string> ConsumerIds { get; }
}
