namespace Credentials;

/// <summary>
/// A live check of one credential type, such as "can this SMTP account connect and log in?". Hosts register checks with
/// <c>AddCredentialCheck&lt;T&gt;()</c> and run them through <see cref="ICredentialChecker"/>.
/// </summary>
/// <remarks>
/// A check must never put a secret in its result: name the field and the rule ("the server rejected the password"),
/// not the value. <see cref="ICredentialChecker"/> also masks, as a second line of defense, any secret value it finds in
/// the result's message, field or check name, plain or in a common encoding (base64, URL encoding, hex, JSON escaping,
/// and the combinations SMTP AUTH PLAIN and HTTP Basic send); values shorter than 4 characters are not masked. A check
/// should honor the cancellation token and bound its own time.
/// </remarks>
public interface ICredentialCheck
{
    /// <summary>The credential type this check understands.</summary>
    CredentialType Type { get; }

    /// <summary>Checks the values against the live service.</summary>
    /// <param name="secret">The values, of <see cref="Type"/>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether the values work, and why not when they do not.</returns>
    Task<CredentialCheckResult> CheckAsync(CredentialSecret secret, CancellationToken cancellationToken = default);
}
