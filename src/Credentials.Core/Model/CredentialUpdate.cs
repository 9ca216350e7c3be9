namespace Credentials;

/// <summary>
/// A change to a credential. Unset properties keep their stored values. In <see cref="Secret"/>, a null or empty
/// secret field keeps the stored value and a filled one replaces it; non-secret fields are taken as given
/// (an edit form shows them pre-filled). The type cannot change: that is a new credential.
/// </summary>
public sealed record CredentialUpdate
{
    /// <summary>A new label, when set.</summary>
    public string? Name { get; init; }

    /// <summary>A new key, when set.</summary>
    public string? Key { get; init; }

    /// <summary>A new category, when set.</summary>
    public CredentialCategory? Category { get; init; }

    /// <summary>New values of the same type, merged field by field (blank secret fields keep the stored value).</summary>
    public CredentialSecret? Secret { get; init; }

    /// <summary>A new expiry (<see cref="NewCredential.ExpiresAt"/>), when set.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Removes the expiry: the credential no longer expires. Cannot be combined with <see cref="ExpiresAt"/>.</summary>
    public bool ClearExpiresAt { get; init; }

    /// <summary>The version the caller read; when it is stale the update fails with <see cref="CredentialConcurrencyException"/>.</summary>
    public long? ExpectedVersion { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"CredentialUpdate {{ Name = {Name}, Key = {Key}, Category = {Category}, ExpiresAt = {ExpiresAt}, ClearExpiresAt = {ClearExpiresAt}, Secret = {Secret}, ExpectedVersion = {ExpectedVersion} }}";
}
