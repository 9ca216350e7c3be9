using System.CommandLine;

namespace Credentials.Cli.Settings;

/// <summary>
/// The options every command takes: where the store is and which key opens it. None takes a secret: passphrases and
/// master keys come from standard input, a file or an environment variable.
/// </summary>
internal sealed class GlobalOptions
{
    public Option<FileInfo?> Config { get; } = new("--config") { Description = "A JSON settings file (see README). Environment: CREDENTIALS_CONFIG.", Recursive = true };

    public Option<string?> Sqlite { get; } = new("--sqlite") { Description = "The SQLite store: a file path or a connection string. Environment: CREDENTIALS_SQLITE. Default: credentials.db.", Recursive = true };

    public Option<string?> Postgres { get; } = new("--postgres") { Description = "The PostgreSQL store: a connection string WITHOUT a password (use CREDENTIALS_POSTGRES, the config file, PGPASSWORD or .pgpass for it).", Recursive = true };

    public Option<string?> PostgresSchema { get; } = new("--postgres-schema") { Description = "The PostgreSQL schema. Environment: CREDENTIALS_POSTGRES_SCHEMA. Default: credentials.", Recursive = true };

    public Option<string?> KeyFile { get; } = new("--key-file") { Description = "A key file (JSON key ring, mode 0600). Environment: CREDENTIALS_KEY_FILE. Default: credentials.key.", Recursive = true };

    public Option<FileInfo?> PassphraseFile { get; } = new("--passphrase-file") { Description = "Read the store's passphrase from this file. Environment: CREDENTIALS_PASSPHRASE_FILE, or the passphrase itself in CREDENTIALS_PASSPHRASE.", Recursive = true };

    public Option<bool> PassphraseStdin { get; } = new("--passphrase-stdin") { Description = "Read the store's passphrase from standard input (prompted, without echo, on a terminal).", Recursive = true };

    public Option<FileInfo?> MasterKeyFile { get; } = new("--master-key-file") { Description = "Read the 32-byte master key (raw or Base64) from this file. Environment: CREDENTIALS_MASTER_KEY_FILE, or Base64 in CREDENTIALS_MASTER_KEY.", Recursive = true };

    public Option<bool> MasterKeyStdin { get; } = new("--master-key-stdin") { Description = "Read the master key (Base64) from standard input.", Recursive = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Sqlite);
        command.Options.Add(Postgres);
        command.Options.Add(PostgresSchema);
        command.Options.Add(KeyFile);
        command.Options.Add(PassphraseFile);
        command.Options.Add(PassphraseStdin);
        command.Options.Add(MasterKeyFile);
        command.Options.Add(MasterKeyStdin);
    }
}
