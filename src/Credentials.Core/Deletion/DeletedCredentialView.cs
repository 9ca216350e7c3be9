namespace Credentials;

/// <summary>The card of a deleted credential: what it was, when it was deleted and when it will be purged. Never a secret.</summary>
/// <param name="Credential">The card as it was when deleted.</param>
/// <param name="DeletedAt">When it was deleted.</param>
/// <param name="ScheduledPurgeAt">When its retention ends; after that it cannot be recovered.</param>
public sealed record DeletedCredentialView(CredentialView Credential, DateTimeOffset DeletedAt, DateTimeOffset ScheduledPurgeAt);
