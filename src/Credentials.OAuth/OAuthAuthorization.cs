namespace Credentials;

/// <summary>Where to send the user's browser to authorize, and until when the flow can complete.</summary>
/// <param name="AuthorizationUrl">The authorization server's URL with client id, redirect URI, scopes, state and PKCE challenge.</param>
/// <param name="ExpiresAt">When the flow's state expires.</param>
public sealed record OAuthAuthorization(Uri AuthorizationUrl, DateTimeOffset ExpiresAt);
