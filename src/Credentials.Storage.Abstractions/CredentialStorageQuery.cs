namespace Credentials.Storage;

/// <summary>
/// A page request against the storage: filters and a keyset position. Results are ordered by key (ordinal).
/// </summary>
/// <param name="Category">Only this category wire name, when set.</param>
/// <param name="Type">Only this type wire name, when set.</param>
/// <param name="SearchText">Only rows whose <see cref="CredentialMetadataRecord.SearchText"/> contains this (already upper-cased) text, when set.</param>
/// <param name="AfterKey">Only rows whose key sorts after this one (ordinal), when set.</param>
/// <param name="Limit">The most rows to return.</param>
public sealed record CredentialStorageQuery(string? Category, string? Type, string? SearchText, string? AfterKey, int Limit);
