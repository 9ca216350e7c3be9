namespace Credentials;

/// <summary>What <see cref="ICredentialConnections.RegisterClientAsync"/> registers and stores.</summary>
/// <param name="Name">The new credential's name.</param>
/// <param name="Key">The new credential's key.</param>
/// <param name="ResourceOrIssuer">The MCP server's URL (a protected resource, RFC 9728) or the authorization server's issuer URL.</param>
public sealed record OAuthClientRegistration(string Name, string Key, Uri ResourceOrIssuer)
{
    /// <summary>The scopes to ask for, space-separated; by default those the resource's metadata lists.</summary>
    public string? Scopes { get; init; }

    /// <summary>The user who will own the new credential, or null for the organization's shared credential.</summary>
    public string? OwnerUserId { get; init; }
}
