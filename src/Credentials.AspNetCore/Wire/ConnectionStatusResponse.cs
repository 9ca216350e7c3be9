namespace Credentials.AspNetCore;

/// <summary>The answer of <c>GET /{id}/connection</c>: an OAuth 2.0 credential's connection. Never a token.</summary>
/// <param name="State">
/// <c>not_connected</c> (no token yet: connect it), <c>connected</c> (it has tokens, or is a client_credentials client that
/// mints them), or <c>needs_reconnect</c> (the authorization server no longer accepts its grant: connect it again).
/// </param>
/// <param name="ExpiresAt">When the current access token expires, if known (it is refreshed before then when it can be).</param>
/// <param name="Scopes">The scopes asked for, space-separated, if any.</param>
public sealed record ConnectionStatusResponse(string State, DateTimeOffset? ExpiresAt, string? Scopes);
