using System.CommandLine;
using Credentials.Cli.Settings;
using Credentials.Cli.Store;
using Spectre.Console;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credentials doctor</c>: finds configuration problems and says them in plain words: a missing or unreadable key
/// file, a key file or secret file other users can read, a wrong passphrase or key, an unreachable database, a schema
/// newer than the tool, keys still to rewrap. It creates nothing and, for a store whose schema is older than the tool,
/// does not open it (opening would upgrade it).
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("doctor", "Diagnose the configuration: settings, key file, passphrase, database, schema and keys. Changes nothing.");
        context.SetAction(command, async (parse, secrets, cancellationToken) =>
        {
            var report = new DoctorReport(context.Console.Out);
            await RunAsync(context, parse, secrets, report, cancellationToken).ConfigureAwait(false);
            if (report.Problems > 0)
            {
                context.Console.Out.WriteLine($"{report.Problems} problem(s) found.");
                return ExitCodes.Failure;
            }

            context.Console.Out.WriteLine("No problem found.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task RunAsync(CommandContext context, ParseResult parse, SecretReader secrets, DoctorReport report, CancellationToken cancellationToken)
    {
        CliSettings settings;
        try
        {
            settings = context.Settings(parse);
        }
        catch (CliException ex)
        {
            report.Problem(ex.Message);
            return;
        }

        if (settings.ConfigPath is { } config)
        {
            report.Ok($"Settings file: {config}.");
            CheckPrivate(report, config, "The settings file", holdsSecret: settings.Store.Kind == StoreKind.Postgres && settings.Store.Source == SettingSource.ConfigFile && HasPassword(settings.Store));
        }

        report.Ok($"Store: {settings.Store.Describe()} ({From(settings.Store.Source)}).");
        report.Ok($"Keys: {settings.Keys.Describe()} ({From(settings.Keys.Source)}).");
        var keysUsable = CheckKeys(settings.Keys, secrets, report);

        int version;
        try
        {
            version = await StoreProbe.ReadSchemaVersionAsync(settings.Store, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            report.Problem(ex.Message);
            return;
        }

        var tool = StoreProbe.ToolSchemaVersion(settings.Store.Kind);
        if (version == 0)
        {
            report.Problem($"There is no credential store at {settings.Store.Describe()}: check the setting, or run `credentials init` to create one.");
            return;
        }

        if (version > tool)
        {
            report.Problem($"The store's schema version {version} is newer than this tool's ({tool}): update the tool (dotnet tool update Credentials.Cli) to the application's version.");
            return;
        }

        if (version < tool)
        {
            report.Note($"The store's schema version {version} is older than this tool's ({tool}); any other command upgrades it. Not opened, to leave it unchanged.");
            return;
        }

        report.Ok($"Database reachable; schema version {version}.");
        if (!keysUsable)
        {
            return;
        }

        await CheckOpensAsync(settings, secrets, report, cancellationToken).ConfigureAwait(false);
    }

    private static bool CheckKeys(KeyProviderSettings keys, SecretReader secrets, DoctorReport report)
    {
        if (keys.Kind == KeyProviderKind.KeyFile)
        {
            var path = keys.KeyFilePath!;
            if (!File.Exists(path))
            {
                report.Problem($"The key file {path} does not exist. Restore it from your backup (without it the store's credentials cannot be opened); `credentials init` creates a key only for a new store.");
                return false;
            }

            try
            {
                using var stream = File.OpenRead(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                report.Problem($"The key file {path} cannot be read by this user: {ex.Message}");
                return false;
            }

            return CheckPrivate(report, path, "The key file", holdsSecret: true);
        }

        if (keys.Secret!.Kind == SecretSourceKind.File && File.Exists(keys.Secret.Location))
        {
            CheckPrivate(report, keys.Secret.Location!, keys.Kind == KeyProviderKind.Passphrase ? "The passphrase file" : "The master key file", holdsSecret: true);
        }

        try
        {
            if (keys.Kind == KeyProviderKind.Passphrase)
            {
                var passphrase = secrets.ReadPassphrase(keys.Secret, "passphrase");
                if (passphrase.Length < PassphraseOptions.MinPassphraseLength)
                {
                    report.Problem($"The passphrase from {keys.Secret.Describe()} is shorter than {PassphraseOptions.MinPassphraseLength} characters; the vault refuses it.");
                    return false;
                }
            }
            else
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(secrets.ReadMasterKey(keys.Secret));
            }
        }
        catch (CliException ex)
        {
            report.Problem(ex.Message);
            return false;
        }

        report.Ok($"The {(keys.Kind == KeyProviderKind.Passphrase ? "passphrase" : "master key")} can be read from {keys.Secret.Describe()}.");
        return true;
    }

    private static async Task CheckOpensAsync(CliSettings settings, SecretReader secrets, DoctorReport report, CancellationToken cancellationToken)
    {
        try
        {
            // The secret was read once above; standard input cannot be read twice, so the session reads it from the cache.
            await using var session = await VaultSession.OpenAsync(settings, secrets, cancellationToken).ConfigureAwait(false);
            var keys = await session.Keys.ListKeysAsync(cancellationToken).ConfigureAwait(false);
            var primary = keys.First(k => k.IsPrimary);
            report.Ok($"The keys open the store: primary key {primary.Id}, {keys.Count} key(s), {keys.Sum(k => k.WrappedCount)} credential(s).");
            foreach (var key in keys.Where(k => k.IsRetired && k.WrappedCount > 0))
            {
                report.Problem($"{key.WrappedCount} credential(s) are sealed under the retired key {key.Id} and cannot be opened (restored from an old backup?); `credentials verify` lists them.");
            }

            var older = keys.Where(k => !k.IsPrimary && !k.IsRetired && k.WrappedCount > 0).Sum(k => k.WrappedCount);
            if (older > 0)
            {
                report.Note($"{older} credential(s) are under older keys: run `credentials keys rewrap`, then retire the old keys.");
            }
        }
        catch (CredentialIntegrityException ex)
        {
            report.Problem($"The configured key does not open this store (a wrong passphrase, another key file or master key): {ex.Message}");
        }
        catch (Exception ex) when (ex is CliException or CredentialException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            report.Problem(ex.Message);
        }
    }

    /// <summary>Whether the file is private to its owner; a problem when it holds a secret and its group or others can read it.</summary>
    private static bool CheckPrivate(DoctorReport report, string path, string what, bool holdsSecret)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        var mode = File.GetUnixFileMode(path);
        const UnixFileMode OthersOrGroup = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & OthersOrGroup) == 0)
        {
            return true;
        }

        var octal = Convert.ToString((int)mode, 8).PadLeft(4, '0');
        if (holdsSecret)
        {
            report.Problem($"{what} {path} has mode {octal}: its group or other users can read it{(what == "The key file" ? ", and the vault refuses it" : string.Empty)}. Run: chmod 600 {path}");
            return false;
        }

        report.Note($"{what} {path} has mode {octal}: consider chmod 600.");
        return true;
    }

    private static bool HasPassword(StoreSettings store) => !string.IsNullOrEmpty(new Npgsql.NpgsqlConnectionStringBuilder(store.ConnectionString).Password);

    private static string From(SettingSource source) => source switch
    {
        SettingSource.Option => "from the command line",
        SettingSource.Environment => "from the environment",
        SettingSource.ConfigFile => "from the settings file",
        _ => "the default",
    };
}
