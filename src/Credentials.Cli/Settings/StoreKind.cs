namespace Credentials.Cli.Settings;

internal enum StoreKind
{
    Sqlite,
    Postgres,
}
