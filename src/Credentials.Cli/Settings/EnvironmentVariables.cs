namespace Credentials.Cli.Settings;

/// <summary>The environment variables the tool reads (all start with CREDENTIALS_).</summary>
internal static class EnvironmentVariables
{
    public const string Config = "CREDENTIALS_CONFIG";
    public const string Sqlite = "CREDENTIALS_SQLITE";
    public const string Postgres = "CREDENTIALS_POSTGRES";
    public const string PostgresSchema = "CREDENTIALS_POSTGRES_SCHEMA";
    public const string KeyFile = "CREDENTIALS_KEY_FILE";
    public const string Passphrase = "CREDENTIALS_PASSPHRASE";
    public const string PassphraseFile = "CREDENTIALS_PASSPHRASE_FILE";
    public const string MasterKey = "CREDENTIALS_MASTER_KEY";
    public const string MasterKeyFile = "CREDENTIALS_MASTER_KEY_FILE";
    public const string BundlePassphrase = "CREDENTIALS_BUNDLE_PASSPHRASE";
    public const string BundlePassphraseFile = "CREDENTIALS_BUNDLE_PASSPHRASE_FILE";
    public const string FromKeyFile = "CREDENTIALS_FROM_KEY_FILE";
    public const string FromMasterKey = "CREDENTIALS_FROM_MASTER_KEY";
    public const string FromMasterKeyFile = "CREDENTIALS_FROM_MASTER_KEY_FILE";
}
