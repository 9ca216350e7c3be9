namespace Credentials;

/// <summary>What a card or a detail page shows of a credential. Never carries a secret.</summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The human label.</param>
/// <param name="Key">The lookup identifier.</param>
/// <param name="Category">The category.</param>
/// <param name="Type">The type.</param>
/// <param name="MaskedSummary">A hint such as <c>••••a1b2</c>: at most 4 characters and at most a quarter of the secret; never its length.</param>
/// <param name="TemplateId">The template it was created from, if any.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Version">The concurrency token; grows with every change. Pass it as <see cref="CredentialUpdate.ExpectedVersion"/>.</param>
public sealed record CredentialView(
    CredentialId Id,
    string Name,
    string Key,
    CredentialCategory Category,
    CredentialType Type,
    string MaskedSummary,
    string? TemplateId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    /// <summary>
    /// What looked unusual about the values just saved (for example port 465 without <c>ssl_tls</c>); set only on the view
    /// that <c>CreateAsync</c> and <c>UpdateAsync</c> return, never stored, and empty on views read later. Warnings
    /// never block a save; broken rules throw <see cref="CredentialValidationException"/> instead.
    /// </summary>
    public IReadOnlyList<CredentialValidationWarning> Warnings { get; init; } = [];

    /// <summary>The user who owns the credential, or null for one the organization shares.</summary>
    public string? OwnerUserId { get; init; }

    /// <summary>
    /// When the credential stops being valid, as its creator or editor said (<see cref="NewCredential.ExpiresAt"/>); null when
    /// it does not expire. Any type may have one (an API key that its provider expires after 90 days). Not the access token's
    /// expiry of an OAuth 2.0 credential (<see cref="OAuth2.ExpiresAt"/>, which the vault refreshes by itself).
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// When the credential was last resolved, to within about a minute (<see cref="LastUsedOptions"/>); null when it has not
    /// been resolved since it was created (or since last-used times were first kept).
    /// </summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>
    /// What the card should say: <see cref="CredentialState.Expired"/>, <see cref="CredentialState.NeedsReconnect"/> (an
    /// OAuth 2.0 credential whose refresh was refused; on views read by id or listed), <see cref="CredentialState.Expiring"/>
    /// (within <see cref="CredentialsOptions.ExpiringWindow"/>) or <see cref="CredentialState.Active"/>, as of when the view
    /// was made.
    /// </summary>
    public CredentialState State { get; init; }

    /// <summary>
    /// Equal when every stored property is equal; <see cref="Warnings"/> belong to one save, and <see cref="LastUsedAt"/> and
    /// <see cref="State"/> are observations that change without a write: none of them is compared.
    /// </summary>
    /// <param name="other">The other view.</param>
    public bool Equals(CredentialView? other) =>
        other is not null
        && Id == other.Id
        && Name == other.Name
        && Key == other.Key
        && Category == other.Category
        && Type == other.Type
        && MaskedSummary == other.MaskedSummary
        && TemplateId == other.TemplateId
        && CreatedAt == other.CreatedAt
        && UpdatedAt == other.UpdatedAt
        && Version == other.Version
        && OwnerUserId == other.OwnerUserId
        && ExpiresAt == other.ExpiresAt;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Key, Version);
}
