namespace Credentials;

/// <summary>
/// The store could not be read or written: a full disk, a read-only or damaged file, a database busy past its timeout, a
/// lost or refused connection, a server shutting down, a schema newer than this library. The message names the store
/// (a SQLite file path; a PostgreSQL host, database and schema), what happened and what to do; it never holds a
/// connection string, a password or a secret. The driver's exception is kept as <see cref="Exception.InnerException"/>.
/// </summary>
/// <remarks>
/// Storage providers raise it for every driver failure. Outcomes a caller handles as results (a taken key, a stale
/// version, a missing credential) are never reported this way, and a cancellation stays an
/// <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed class CredentialStorageException : CredentialException
{
    /// <summary>Creates the exception.</summary>
    public CredentialStorageException()
    {
    }

    /// <summary>Creates the exception with a message; not transient.</summary>
    /// <param name="message">The message; must not contain a secret, a password or a connection string.</param>
    public CredentialStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause; not transient.</summary>
    /// <param name="message">The message; must not contain a secret, a password or a connection string.</param>
    /// <param name="innerException">The cause (the driver's exception).</param>
    public CredentialStorageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message, whether a retry may succeed, and a cause.</summary>
    /// <param name="message">The message; must not contain a secret, a password or a connection string.</param>
    /// <param name="isTransient">Whether the same call may succeed later without anyone changing anything.</param>
    /// <param name="innerException">The cause (the driver's exception).</param>
    public CredentialStorageException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>
    /// True when the same call may succeed if retried later without anyone changing anything: the server is unreachable,
    /// restarting or shutting down, the connection broke or timed out, the database was busy or locked past the timeout,
    /// a transaction lost a serialization or deadlock check, the server ran short of connections or memory. False when
    /// someone has to act first: a full disk, a read-only or damaged file, permission denied, a refused login, a schema
    /// newer than this library.
    /// </summary>
    /// <remarks>
    /// A write that failed transiently (a connection broken during its commit) may or may not have been applied. The
    /// vault's writes are inserts of a new key and compare-and-swaps on the version, so a retry of one that was applied
    /// reports a conflict instead of applying it twice.
    /// </remarks>
    public bool IsTransient { get; }
}
