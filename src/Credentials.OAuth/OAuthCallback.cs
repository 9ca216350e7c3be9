namespace Credentials;

/// <summary>The query parameters of the authorization server's redirect to the host's callback endpoint.</summary>
/// <param name="State">The <c>state</c> parameter.</param>
/// <param name="Code">The <c>code</c> parameter (secret until exchanged), absent on an error.</param>
/// <param name="Error">The <c>error</c> parameter, when the server refused (for example <c>access_denied</c>).</param>
/// <param name="ErrorDescription">The <c>error_description</c> parameter, if any.</param>
public sealed record OAuthCallback(string State, string? Code, string? Error = null, string? ErrorDescription = null)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"OAuthCallback {{ State = (hidden), Code = {(string.IsNullOrEmpty(Code) ? "(empty)" : "(hidden)")}, Error = {Error ?? "(none)"} }}";
}
