namespace Credentials;

/// <summary>The vault's health, as <see cref="CredentialsHealth"/> computes it.</summary>
internal sealed record CredentialsHealthReport(CredentialsHealthLevel Level, string Description, IReadOnlyDictionary<string, object> Data, Exception? Exception);
