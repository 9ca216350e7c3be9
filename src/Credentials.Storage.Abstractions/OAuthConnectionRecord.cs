namespace Credentials.Storage;

/// <summary>The recorded connection state of an OAuth 2.0 credential. Not secret.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="CredentialId">The credential.</param>
/// <param name="State">The state's wire name (for example <c>needs_reconnect</c>).</param>
/// <param name="CredentialVersion">The credential's row version the state was recorded against: a later version (a reconnect, an edit) makes it stale.</param>
/// <param name="UpdatedAt">When the state was recorded.</param>
public sealed record OAuthConnectionRecord(string OrganizationId, Guid CredentialId, string State, long CredentialVersion, DateTimeOffset UpdatedAt);
