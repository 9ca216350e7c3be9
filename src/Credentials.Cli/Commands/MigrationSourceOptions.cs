using System.CommandLine;
using Credentials.Cli.Settings;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>keys migrate</c>'s previous key provider: <c>--from key-file|master-key</c>, with where its key is. A key file is a
/// path (<c>--from-key-file</c>, <c>CREDENTIALS_FROM_KEY_FILE</c>, default <c>credentials.key</c>); a master key is a
/// secret, read from a file, standard input or an environment variable, never the command line.
/// </summary>
internal sealed class MigrationSourceOptions
{
    public const string KeyFileName = "key-file";
    public const string MasterKeyName = "master-key";
    public const string PassphraseName = "passphrase";

    public Option<string?> From { get; } = new("--from")
    {
        Description = "The key provider the store moves away from: key-file or master-key. The new one is the store's usual key setting (--passphrase-file, --master-key-file, CREDENTIALS_*, the settings file).",
        HelpName = "key-file|master-key",
    };

    public Option<string?> FromKeyFile { get; } = new("--from-key-file") { Description = "The key file to migrate from. Environment: CREDENTIALS_FROM_KEY_FILE. Default: credentials.key." };

    public Option<FileInfo?> FromMasterKeyFile { get; } = new("--from-master-key-file") { Description = "Read the master key to migrate from (32 bytes, raw or Base64) from this file. Environment: CREDENTIALS_FROM_MASTER_KEY_FILE, or Base64 in CREDENTIALS_FROM_MASTER_KEY." };

    public Option<bool> FromMasterKeyStdin { get; } = new("--from-master-key-stdin") { Description = "Read the master key to migrate from (Base64) from standard input." };

    public void AddTo(Command command)
    {
        command.Options.Add(From);
        command.Options.Add(FromKeyFile);
        command.Options.Add(FromMasterKeyFile);
        command.Options.Add(FromMasterKeyStdin);
    }

    /// <summary>The previous key provider, checked against the new one (<paramref name="target"/>): refuses what cannot be a migration.</summary>
    /// <exception cref="CliException">No <c>--from</c>, an unknown or unsupported one, options of another provider, or the same provider on both sides.</exception>
    public KeyProviderSettings Resolve(ParseResult parse, CliConsole console, KeyProviderSettings target)
    {
        var wd = console.WorkingDirectory;
        var from = parse.GetValue(From)?.Trim().ToLowerInvariant();
        var keyFile = parse.GetValue(FromKeyFile);
        var masterKeyFile = parse.GetValue(FromMasterKeyFile);
        var masterKeyStdin = parse.GetValue(FromMasterKeyStdin);
        switch (from)
        {
            case null or "":
                throw CliException.Usage(
                    "Say which key provider the store moves away from: --from key-file (with --from-key-file PATH, default credentials.key) or " +
                    "--from master-key (with --from-master-key-file, --from-master-key-stdin or CREDENTIALS_FROM_MASTER_KEY). The new key is the store's usual key setting.");
            case PassphraseName:
                throw CliException.Usage(
                    "Moving a store away from a passphrase is not supported (yet): the vault migrates from a key file or a master key. To put a passphrase " +
                    "store under another key, export it (credentials export) and import the bundle into a new store made with that key (credentials init, credentials import).");
            case KeyFileName:
                if (masterKeyFile is not null || masterKeyStdin)
                {
                    throw CliException.Usage("--from key-file takes --from-key-file; --from-master-key-file and --from-master-key-stdin are for --from master-key.");
                }

                var path = keyFile is not null ? Path.GetFullPath(keyFile, wd)
                    : console.Variable(EnvironmentVariables.FromKeyFile) is { } envPath ? Path.GetFullPath(envPath, wd)
                    : Path.GetFullPath("credentials.key", wd);
                var source = keyFile is not null ? SettingSource.Option : console.Variable(EnvironmentVariables.FromKeyFile) is not null ? SettingSource.Environment : SettingSource.Default;
                var previousKeyFile = new KeyProviderSettings(KeyProviderKind.KeyFile, path, null, source);
                if (target.Kind == KeyProviderKind.KeyFile)
                {
                    throw CliException.Usage(SameKind(previousKeyFile, target) +
                        " A key file changes its key with `credentials keys rotate` and `credentials keys rewrap`; to move to a production key, set the new one: " +
                        "--passphrase-file, --passphrase-stdin, --master-key-file or --master-key-stdin (or CREDENTIALS_PASSPHRASE(_FILE), CREDENTIALS_MASTER_KEY(_FILE), the settings file).");
                }

                return previousKeyFile;
            case MasterKeyName:
                if (keyFile is not null)
                {
                    throw CliException.Usage("--from master-key takes --from-master-key-file or --from-master-key-stdin; --from-key-file is for --from key-file.");
                }

                if (masterKeyFile is not null && masterKeyStdin)
                {
                    throw CliException.Usage("Give the master key to migrate from one way: --from-master-key-file or --from-master-key-stdin.");
                }

                SecretSource? secret = masterKeyFile is not null ? new SecretSource(SecretSourceKind.File, masterKeyFile.FullName)
                    : masterKeyStdin ? new SecretSource(SecretSourceKind.Stdin, null)
                    : console.Variable(EnvironmentVariables.FromMasterKeyFile) is { } envFile ? new SecretSource(SecretSourceKind.File, Path.GetFullPath(envFile, wd))
                    : console.Variable(EnvironmentVariables.FromMasterKey) is not null ? new SecretSource(SecretSourceKind.Environment, EnvironmentVariables.FromMasterKey)
                    : null;
                if (secret is null)
                {
                    throw CliException.Usage(
                        "--from master-key needs the master key the store was created with: --from-master-key-file, --from-master-key-stdin, " +
                        $"{EnvironmentVariables.FromMasterKeyFile} or {EnvironmentVariables.FromMasterKey} (Base64). Nothing was changed.");
                }

                var previousMasterKey = new KeyProviderSettings(
                    KeyProviderKind.MasterKey, null, secret, masterKeyFile is not null || masterKeyStdin ? SettingSource.Option : SettingSource.Environment);
                if (target.Kind == KeyProviderKind.KeyFile)
                {
                    throw CliException.Usage(
                        $"The new key would be the {target.Describe()} ({Where(target)}): keys migrate moves a store to a passphrase or another master key. " +
                        "Set the new one with --passphrase-file, --passphrase-stdin, --master-key-file or --master-key-stdin (or CREDENTIALS_PASSPHRASE(_FILE), CREDENTIALS_MASTER_KEY(_FILE), the settings file).");
                }

                if (target.Kind == KeyProviderKind.MasterKey && target.Secret == secret)
                {
                    throw CliException.Usage(SameKind(previousMasterKey, target) + " Give the new master key and the previous one from different places.");
                }

                return previousMasterKey;
            default:
                throw CliException.Usage("--from must be key-file or master-key: the key provider the store moves away from.");
        }
    }

    private static string SameKind(KeyProviderSettings previous, KeyProviderSettings target) =>
        $"The store would move from the {previous.Describe()} to the {target.Describe()} ({Where(target)}): that is the same key provider, so there is nothing to migrate.";

    private static string Where(KeyProviderSettings settings) => settings.Source switch
    {
        SettingSource.Option => "set on the command line",
        SettingSource.Environment => "set in the environment",
        SettingSource.ConfigFile => "set in the settings file",
        _ => "the default, since no passphrase or master key is set",
    };
}
