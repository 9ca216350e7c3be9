namespace Credentials.Storage.Sqlite;

/// <summary>One sample credential: its key, category and secret.</summary>
public sealed record SampleCredential(string Key, CredentialCategory Category, CredentialSecret Secret);
