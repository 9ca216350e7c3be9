namespace Credentials.Cli.Settings;

/// <summary>Everything a command needs to open the store. Holds no secret, only where to read them.</summary>
/// <param name="Store">The store.</param>
/// <param name="Keys">The key provider.</param>
/// <param name="ConfigPath">The settings file, when one was used.</param>
internal sealed record CliSettings(StoreSettings Store, KeyProviderSettings Keys, string? ConfigPath);
