namespace Credentials.Cli.Settings;

/// <summary>Which key provider opens the store.</summary>
/// <param name="Kind">Key file, passphrase or master key.</param>
/// <param name="KeyFilePath">The key file's full path (key file only).</param>
/// <param name="Secret">Where the passphrase or master key is read from.</param>
/// <param name="Source">Where the setting came from.</param>
internal sealed record KeyProviderSettings(KeyProviderKind Kind, string? KeyFilePath, SecretSource? Secret, SettingSource Source)
{
    public string Describe() => Kind switch
    {
        KeyProviderKind.KeyFile => $"key file {KeyFilePath}",
        KeyProviderKind.Passphrase => $"passphrase from {Secret!.Describe()}",
        _ => $"master key from {Secret!.Describe()}",
    };
}
