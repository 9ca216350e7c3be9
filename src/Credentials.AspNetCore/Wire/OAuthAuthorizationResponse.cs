namespace Credentials.AspNetCore;

/// <summary>The answer of <c>POST /{id}/connect</c>: where to send the user's browser, and until when the flow can complete.</summary>
/// <param name="AuthorizationUrl">
/// The authorization server's URL, with the client id, the redirect URI, the scopes, a PKCE challenge and the flow's single-use
/// <c>state</c>. Navigate the browser of the user who asked to it (not in a frame); it is good for one connection only.
/// </param>
/// <param name="ExpiresAt">When the flow's state expires (10 minutes by default): the callback refuses it after that.</param>
public sealed record OAuthAuthorizationResponse(string AuthorizationUrl, DateTimeOffset ExpiresAt);
