namespace Credentials.Cli.Settings;

internal enum KeyProviderKind
{
    KeyFile,
    Passphrase,
    MasterKey,
}
