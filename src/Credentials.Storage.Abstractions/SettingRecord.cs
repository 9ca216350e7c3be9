namespace Credentials.Storage;

/// <summary>One store-wide setting, as <see cref="ICredentialStorage.ListSettingsAsync"/> returns it.</summary>
/// <param name="Name">The setting's name.</param>
/// <param name="Value">Its value.</param>
public sealed record SettingRecord(string Name, byte[] Value);
