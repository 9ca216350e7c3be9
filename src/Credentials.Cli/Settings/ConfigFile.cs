namespace Credentials.Cli.Settings;

/// <summary>
/// The settings file (<c>--config credentials.json</c>). Relative paths are relative to the file's folder. It may hold a
/// PostgreSQL connection string with its password (keep the file 0600; doctor checks), never a passphrase or a key:
/// those are named by file.
/// </summary>
internal sealed class ConfigFile
{
    public string? Sqlite { get; set; }

    public string? Postgres { get; set; }

    public string? PostgresSchema { get; set; }

    public string? KeyFile { get; set; }

    public string? PassphraseFile { get; set; }

    public string? MasterKeyFile { get; set; }
}
