namespace Credentials;

/// <summary>What a caller supplies to create a credential.</summary>
/// <param name="Name">The human label, such as "OpenAI Production Key".</param>
/// <param name="Key">The lookup identifier, such as <c>OPENAI_API_KEY</c>: <c>[A-Z][A-Z0-9_]*</c>, unique in the organization.</param>
/// <param name="Category">The category.</param>
/// <param name="Secret">The values; their record decides the type.</param>
public sealed record NewCredential(string Name, string Key, CredentialCategory Category, CredentialSecret Secret)
{
    /// <summary>The template this credential comes from, if any (set by <c>ICredentialStore.CreateFromTemplateAsync</c>).</summary>
    public string? TemplateId { get; init; }

    /// <summary>
    /// The user who owns the credential ("my GitHub token"), or null (the default) for one the organization shares. A
    /// user's credential resolves only in a context naming that user; its key may repeat the organization's and other
    /// users' keys.
    /// </summary>
    public string? OwnerUserId { get; init; }

    /// <summary>
    /// When the credential stops being valid, if it does (an API key its provider expires): shown on the card, turns its
    /// <see cref="CredentialView.State"/> to expiring and expired, and raises the expiry scan's events. Not secret. Not the
    /// access token's expiry of an OAuth 2.0 credential (<see cref="OAuth2.ExpiresAt"/>). Kept to the microsecond, in UTC.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"NewCredential {{ Name = {Name}, Key = {Key}, Category = {Category}, OwnerUserId = {OwnerUserId}, ExpiresAt = {ExpiresAt}, Secret = {Secret} }}";
}
