namespace Credentials;

/// <summary>The outcome of one live check. Never carries a secret.</summary>
/// <param name="Succeeded">Whether the credential worked.</param>
/// <param name="Message">What was checked and what happened, such as "authentication failed: the server rejected the user name or password".</param>
public sealed record CredentialCheckResult(bool Succeeded, string Message)
{
    /// <summary>The field most likely at fault when the check failed (a wire name such as <c>password</c> or <c>host</c>), if known.</summary>
    public string? Field { get; init; }

    /// <summary>The check that produced this result (its type name), filled in by <see cref="ICredentialChecker"/>.</summary>
    public string? Check { get; init; }

    /// <summary>A successful result.</summary>
    /// <param name="message">What was checked.</param>
    public static CredentialCheckResult Success(string message) => new(true, message);

    /// <summary>A failed result.</summary>
    /// <param name="message">What failed, without any secret value.</param>
    /// <param name="field">The field most likely at fault, if known.</param>
    public static CredentialCheckResult Failure(string message, string? field = null) => new(false, message) { Field = field };
}
