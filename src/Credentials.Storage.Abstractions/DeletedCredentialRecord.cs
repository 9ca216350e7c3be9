namespace Credentials.Storage;

/// <summary>
/// A soft-deleted credential as a listing of deleted credentials sees it: its metadata as it was when deleted and the
/// time of the deletion. Its sealed secret stays stored, unchanged, until it is purged.
/// </summary>
/// <param name="Metadata">The non-secret columns, as they were when the credential was deleted.</param>
/// <param name="DeletedAt">When the credential was deleted.</param>
public sealed record DeletedCredentialRecord(CredentialMetadataRecord Metadata, DateTimeOffset DeletedAt);
