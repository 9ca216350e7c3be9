namespace Credentials.Cli.Settings;

/// <summary>Where a setting came from, in order of precedence: an option beats the environment, which beats the file.</summary>
internal enum SettingSource
{
    Default,
    ConfigFile,
    Environment,
    Option,
}
