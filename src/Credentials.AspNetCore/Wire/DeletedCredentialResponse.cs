namespace Credentials.AspNetCore;

/// <summary>A recently deleted credential that can still be recovered.</summary>
/// <param name="Credential">The card as it was when deleted.</param>
/// <param name="DeletedAt">When it was deleted.</param>
/// <param name="ScheduledPurgeAt">When it is purged for good.</param>
public sealed record DeletedCredentialResponse(CredentialResponse Credential, DateTimeOffset DeletedAt, DateTimeOffset ScheduledPurgeAt);
