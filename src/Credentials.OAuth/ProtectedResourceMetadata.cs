namespace Credentials;

/// <summary>What the vault uses of a protected resource's metadata (RFC 9728).</summary>
internal sealed record ProtectedResourceMetadata(string Resource, IReadOnlyList<string> AuthorizationServers, IReadOnlyList<string> ScopesSupported);
