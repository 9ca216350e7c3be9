namespace Credentials;

/// <summary>An OAuth 2.0 credential's connection, as an admin screen shows it. Never a token.</summary>
/// <param name="State">Connected, not connected, or needs reconnecting.</param>
/// <param name="ExpiresAt">When the current access token expires, if known.</param>
/// <param name="Scopes">The scopes asked for, space-separated.</param>
public sealed record ConnectionStatus(ConnectionState State, DateTimeOffset? ExpiresAt, string? Scopes);
