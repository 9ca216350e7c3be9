using System.CommandLine;
using System.Text.Json;
using Npgsql;

namespace Credentials.Cli.Settings;

/// <summary>
/// Resolves the store and the key provider from options, then <c>CREDENTIALS_*</c> variables, then the settings file,
/// then the embedded defaults (<c>credentials.db</c> and <c>credentials.key</c> in the working directory, as
/// <c>AddCredentials()</c> uses). The store and the key provider are each taken whole from the first level that names
/// one; a level that names two stores or two key providers is a usage error.
/// </summary>
internal static class SettingsResolver
{
    public static CliSettings Resolve(ParseResult parse, GlobalOptions options, CliConsole console)
    {
        var (config, configPath) = ReadConfig(parse.GetValue(options.Config)?.FullName ?? Full(console.Variable(EnvironmentVariables.Config), console.WorkingDirectory));
        var configFolder = configPath is null ? console.WorkingDirectory : Path.GetDirectoryName(configPath)!;
        var store = ResolveStore(parse, options, console, config, configFolder);
        var keys = ResolveKeys(parse, options, console, config, configFolder);
        return new CliSettings(store, keys, configPath);
    }

    private static StoreSettings ResolveStore(ParseResult parse, GlobalOptions options, CliConsole console, ConfigFile? config, string configFolder)
    {
        var schemaOption = parse.GetValue(options.PostgresSchema) ?? console.Variable(EnvironmentVariables.PostgresSchema) ?? config?.PostgresSchema ?? "credentials";
        var levels = new (SettingSource Source, string? Sqlite, string? Postgres, string Folder)[]
        {
            (SettingSource.Option, parse.GetValue(options.Sqlite), parse.GetValue(options.Postgres), console.WorkingDirectory),
            (SettingSource.Environment, console.Variable(EnvironmentVariables.Sqlite), console.Variable(EnvironmentVariables.Postgres), console.WorkingDirectory),
            (SettingSource.ConfigFile, config?.Sqlite, config?.Postgres, configFolder),
        };
        foreach (var (source, sqlite, postgres, folder) in levels)
        {
            if (sqlite is null && postgres is null)
            {
                continue;
            }

            if (sqlite is not null && postgres is not null)
            {
                throw CliException.Usage($"Both a SQLite and a PostgreSQL store are set ({Name(source)}); set one.");
            }

            return sqlite is not null ? Sqlite(sqlite, folder, source) : Postgres(postgres!, schemaOption, source);
        }

        return Sqlite("credentials.db", console.WorkingDirectory, SettingSource.Default);
    }

    private static StoreSettings Sqlite(string value, string folder, SettingSource source)
    {
        Microsoft.Data.Sqlite.SqliteConnectionStringBuilder builder;
        try
        {
            builder = value.Contains('=', StringComparison.Ordinal)
                ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(value)
                : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = value };
        }
        catch (ArgumentException)
        {
            throw CliException.Usage($"The SQLite setting ({Name(source)}) is neither a file path nor a valid connection string.");
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            throw CliException.Usage("The SQLite store must be a file: an in-memory database would be gone when the tool exits.");
        }

        builder.DataSource = Path.GetFullPath(builder.DataSource, folder);
        return new StoreSettings(StoreKind.Sqlite, builder.ToString(), null, builder.DataSource, source);
    }

    private static StoreSettings Postgres(string value, string schema, SettingSource source)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException)
        {
            // The driver's message can quote the string, and with it a password: not passed on.
            throw CliException.Usage($"The PostgreSQL connection string ({Name(source)}) cannot be parsed.");
        }

        if (source == SettingSource.Option && !string.IsNullOrEmpty(builder.Password))
        {
            throw CliException.Usage(
                "The PostgreSQL connection string on the command line holds a password, which other users can see (ps, shell history). " +
                $"Put the connection string in {EnvironmentVariables.Postgres} or the settings file (--config), or the password in PGPASSWORD or ~/.pgpass.");
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw CliException.Usage($"The PostgreSQL connection string ({Name(source)}) has no Host.");
        }

        return new StoreSettings(StoreKind.Postgres, value, schema, null, source);
    }

    private static KeyProviderSettings ResolveKeys(ParseResult parse, GlobalOptions options, CliConsole console, ConfigFile? config, string configFolder)
    {
        var wd = console.WorkingDirectory;
        var optionChoices = Choices(
            parse.GetValue(options.KeyFile) is { } keyFile ? new KeyProviderSettings(KeyProviderKind.KeyFile, Path.GetFullPath(keyFile, wd), null, SettingSource.Option) : null,
            parse.GetValue(options.PassphraseFile) is { } passFile ? new KeyProviderSettings(KeyProviderKind.Passphrase, null, new SecretSource(SecretSourceKind.File, passFile.FullName), SettingSource.Option) : null,
            parse.GetValue(options.PassphraseStdin) ? new KeyProviderSettings(KeyProviderKind.Passphrase, null, new SecretSource(SecretSourceKind.Stdin, null), SettingSource.Option) : null,
            parse.GetValue(options.MasterKeyFile) is { } keyPath ? new KeyProviderSettings(KeyProviderKind.MasterKey, null, new SecretSource(SecretSourceKind.File, keyPath.FullName), SettingSource.Option) : null,
            parse.GetValue(options.MasterKeyStdin) ? new KeyProviderSettings(KeyProviderKind.MasterKey, null, new SecretSource(SecretSourceKind.Stdin, null), SettingSource.Option) : null);
        var environmentChoices = Choices(
            console.Variable(EnvironmentVariables.KeyFile) is { } envKeyFile ? new KeyProviderSettings(KeyProviderKind.KeyFile, Path.GetFullPath(envKeyFile, wd), null, SettingSource.Environment) : null,
            console.Variable(EnvironmentVariables.PassphraseFile) is { } envPassFile ? new KeyProviderSettings(KeyProviderKind.Passphrase, null, new SecretSource(SecretSourceKind.File, Path.GetFullPath(envPassFile, wd)), SettingSource.Environment) : null,
            console.Variable(EnvironmentVariables.Passphrase) is not null ? new KeyProviderSettings(KeyProviderKind.Passphrase, null, new SecretSource(SecretSourceKind.Environment, EnvironmentVariables.Passphrase), SettingSource.Environment) : null,
            console.Variable(EnvironmentVariables.MasterKeyFile) is { } envKeyPath ? new KeyProviderSettings(KeyProviderKind.MasterKey, null, new SecretSource(SecretSourceKind.File, Path.GetFullPath(envKeyPath, wd)), SettingSource.Environment) : null,
            console.Variable(EnvironmentVariables.MasterKey) is not null ? new KeyProviderSettings(KeyProviderKind.MasterKey, null, new SecretSource(SecretSourceKind.Environment, EnvironmentVariables.MasterKey), SettingSource.Environment) : null);
        var configChoices = Choices(
            config?.KeyFile is { } cfgKeyFile ? new KeyProviderSettings(KeyProviderKind.KeyFile, Path.GetFullPath(cfgKeyFile, configFolder), null, SettingSource.ConfigFile) : null,
            config?.PassphraseFile is { } cfgPassFile ? new KeyProviderSettings(KeyProviderKind.Passphrase, null, new SecretSource(SecretSourceKind.File, Path.GetFullPath(cfgPassFile, configFolder)), SettingSource.ConfigFile) : null,
            config?.MasterKeyFile is { } cfgKeyPath ? new KeyProviderSettings(KeyProviderKind.MasterKey, null, new SecretSource(SecretSourceKind.File, Path.GetFullPath(cfgKeyPath, configFolder)), SettingSource.ConfigFile) : null);
        foreach (var choices in new[] { optionChoices, environmentChoices, configChoices })
        {
            if (choices.Count > 1)
            {
                throw CliException.Usage(
                    $"More than one key provider is set ({Name(choices[0].Source)}): {string.Join(", ", choices.Select(c => c.Describe()))}. Set one.");
            }

            if (choices.Count == 1)
            {
                return choices[0];
            }
        }

        return new KeyProviderSettings(KeyProviderKind.KeyFile, Path.GetFullPath("credentials.key", wd), null, SettingSource.Default);
    }

    private static List<KeyProviderSettings> Choices(params KeyProviderSettings?[] candidates) => candidates.OfType<KeyProviderSettings>().ToList();

    private static (ConfigFile? Config, string? Path) ReadConfig(string? path)
    {
        if (path is null)
        {
            return (null, null);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"The settings file {path} cannot be read: {ex.Message}");
        }

        try
        {
            return (JsonSerializer.Deserialize(bytes, CliJsonContext.Default.ConfigFile) ?? new ConfigFile(), path);
        }
        catch (JsonException ex)
        {
            // The path and position only: the file may hold a connection string with a password.
            throw CliException.Usage($"The settings file {path} is not valid: {Describe(ex)}. Known settings: sqlite, postgres, postgresSchema, keyFile, passphraseFile, masterKeyFile.");
        }
    }

    private static string Describe(JsonException ex) =>
        ex.Path is { Length: > 1 } jsonPath ? $"a problem at {jsonPath} (line {ex.LineNumber + 1})" : $"a problem on line {ex.LineNumber + 1}";

    private static string? Full(string? path, string folder) => path is null ? null : Path.GetFullPath(path, folder);

    private static string Name(SettingSource source) => source switch
    {
        SettingSource.Option => "on the command line",
        SettingSource.Environment => "in the environment",
        SettingSource.ConfigFile => "in the settings file",
        _ => "by default",
    };
}
