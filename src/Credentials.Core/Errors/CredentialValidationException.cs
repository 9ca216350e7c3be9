namespace Credentials;

/// <summary>Bad input: <see cref="Errors"/> lists each field and rule. Nothing was stored or changed.</summary>
public sealed class CredentialValidationException : CredentialException
{
    /// <summary>Creates the exception with no listed errors.</summary>
    public CredentialValidationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message and no listed errors.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    public CredentialValidationException(string message)
        : base(message) => Errors = [];

    /// <summary>Creates the exception with a message, a cause and no listed errors.</summary>
    /// <param name="message">The message; must not contain a secret.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialValidationException(string message, Exception? innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>Creates the exception from the broken rules.</summary>
    /// <param name="errors">Each field and rule.</param>
    public CredentialValidationException(IReadOnlyList<CredentialValidationError> errors)
        : base(Describe(errors)) => Errors = errors;

    /// <summary>Each broken rule, in field order.</summary>
    public IReadOnlyList<CredentialValidationError> Errors { get; }

    private static string Describe(IReadOnlyList<CredentialValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0
            ? "The credential is not valid."
            : "The credential is not valid: " + string.Join("; ", errors) + ".";
    }
}
