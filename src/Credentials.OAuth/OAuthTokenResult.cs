namespace Credentials;

/// <summary>How a token request ended.</summary>
internal enum OAuthTokenOutcome
{
    /// <summary>Tokens were issued.</summary>
    Success,

    /// <summary><c>invalid_grant</c>: the code or refresh token is no longer accepted.</summary>
    InvalidGrant,

    /// <summary>No answer, a timeout, a 5xx or 429: try again later.</summary>
    Transient,

    /// <summary>Another refusal (<c>invalid_client</c>, <c>unauthorized_client</c>, a refused destination...): a configuration problem.</summary>
    Refused,
}

/// <summary>The result of a token request. <see cref="Error"/> is an error code or a short reason, never a server's free text.</summary>
internal sealed record OAuthTokenResult(OAuthTokenOutcome Outcome, string? AccessToken, string? RefreshToken, int ExpiresIn, string? Error)
{
    public override string ToString() => $"OAuthTokenResult {{ Outcome = {Outcome}, ExpiresIn = {ExpiresIn}, Error = {Error ?? "(none)"} }}";
}
