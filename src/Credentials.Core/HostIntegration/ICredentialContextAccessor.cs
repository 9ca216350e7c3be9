namespace Credentials;

/// <summary>
/// The ambient <see cref="CredentialContext"/>: who the code running now acts for. It flows with the async call chain
/// (an <see cref="AsyncLocal{T}"/>), so a host sets it where a request or a job starts and the code below it, such as the
/// HttpClient handler of <c>AddCredentialAuthentication</c>, reads it without passing it down. Thread-safe; registered as a
/// singleton by <c>AddCredentials()</c>.
/// </summary>
/// <remarks>
/// Like <c>IHttpContextAccessor</c>, a value set inside an async method is seen by what that method calls and awaits, not
/// by its caller once it returns; <see cref="BeginScope"/> in a <c>using</c> is the safe way to set it for a block.
/// </remarks>
public interface ICredentialContextAccessor
{
    /// <summary>The context of the current async flow, or null when the host has set none.</summary>
    CredentialContext? Current { get; set; }

    /// <summary>Sets <see cref="Current"/> until the returned scope is disposed, which restores the previous value.</summary>
    /// <param name="context">The organization and, optionally, the user the code in the scope acts for.</param>
    /// <returns>The scope; dispose it (once or more) to restore the previous context.</returns>
    /// <exception cref="ArgumentException"><paramref name="context"/> is a default value without an organization.</exception>
    IDisposable BeginScope(CredentialContext context);
}
