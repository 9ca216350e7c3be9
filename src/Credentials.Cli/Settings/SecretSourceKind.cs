namespace Credentials.Cli.Settings;

internal enum SecretSourceKind
{
    Stdin,
    File,
    Environment,
}
