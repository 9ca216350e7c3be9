namespace Credentials.Storage;

/// <summary>
/// A page request against the storage: filters and a keyset position. Results are ordered by key, then owner (the
/// empty string, for shared credentials, first), each ordinal.
/// </summary>
/// <param name="Category">Only this category wire name, when set.</param>
/// <param name="Type">Only this type wire name, when set.</param>
/// <param name="SearchText">Only rows whose <see cref="CredentialMetadataRecord.SearchText"/> contains this (already upper-cased) text, when set.</param>
/// <param name="AfterKey">Only rows whose key sorts after this one (ordinal), when set; with <see cref="AllOwners"/>, rows of this key whose owner sorts after <see cref="AfterOwnerUserId"/> too.</param>
/// <param name="Limit">The most rows to return.</param>
public sealed record CredentialStorageQuery(string? Category, string? Type, string? SearchText, string? AfterKey, int Limit)
{
    /// <summary>Only this user's own credentials when set; only the organization's shared ones when null (unless <see cref="AllOwners"/>).</summary>
    public string? OwnerUserId { get; init; }

    /// <summary>Every credential of the organization, shared and every user's (an administrator's listing).</summary>
    public bool AllOwners { get; init; }

    /// <summary>With <see cref="AllOwners"/> and <see cref="AfterKey"/>: the owner of the last row seen (null for a shared one).</summary>
    public string? AfterOwnerUserId { get; init; }
}
