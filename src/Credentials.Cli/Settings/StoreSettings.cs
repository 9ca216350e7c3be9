namespace Credentials.Cli.Settings;

/// <summary>Which store, as resolved from options, environment and the settings file.</summary>
/// <param name="Kind">SQLite or PostgreSQL.</param>
/// <param name="ConnectionString">The driver's connection string (for PostgreSQL it may hold a password: never print it).</param>
/// <param name="Schema">The PostgreSQL schema.</param>
/// <param name="SqlitePath">The SQLite file's full path.</param>
/// <param name="Source">Where the setting came from.</param>
internal sealed record StoreSettings(StoreKind Kind, string ConnectionString, string? Schema, string? SqlitePath, SettingSource Source)
{
    /// <summary>The store for messages: the SQLite path, or the PostgreSQL host, database and schema (never the password).</summary>
    public string Describe()
    {
        if (Kind == StoreKind.Sqlite)
        {
            return $"SQLite {SqlitePath}";
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database} schema {Schema}";
    }
}
