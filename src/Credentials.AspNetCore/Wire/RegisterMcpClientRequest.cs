namespace Credentials.AspNetCore;

/// <summary>
/// The body of <c>POST /mcp/register</c>: registers this application as an OAuth 2.0 client of an MCP server's authorization
/// server (discovered from the server's metadata) and stores the client as a new OAuth 2.0 credential, ready to connect.
/// </summary>
/// <param name="Name">The new credential's name.</param>
/// <param name="Key">The new credential's key, such as <c>DOCS_MCP</c>.</param>
/// <param name="ResourceOrIssuer">
/// The MCP server's URL (a protected resource, RFC 9728) or its authorization server's issuer URL: absolute https (http only for
/// localhost).
/// </param>
/// <param name="Scopes">The scopes to ask for, space-separated; by default those the resource's metadata lists.</param>
/// <param name="Ownership">
/// <c>organization</c> (the default: shared) or <c>user</c> (the requesting user's own; the request must act for a user).
/// </param>
public sealed record RegisterMcpClientRequest(
    string? Name = null,
    string? Key = null,
    string? ResourceOrIssuer = null,
    string? Scopes = null,
    string? Ownership = null);
