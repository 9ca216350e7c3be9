using System.Globalization;
using Credentials.Cli.Settings;
using Credentials.Storage.Postgres;
using Credentials.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Credentials.Cli.Store;

/// <summary>
/// Looks at a store without changing it: whether it exists and its schema version. Commands other than <c>init</c>
/// check this first, so a mistyped path or schema is reported instead of silently becoming a new, empty store.
/// </summary>
internal static class StoreProbe
{
    /// <summary>The schema version this tool's storage code writes.</summary>
    public static int ToolSchemaVersion(StoreKind kind) => kind == StoreKind.Sqlite ? SqliteSchema.CurrentVersion : PostgresSchema.CurrentVersion;

    /// <summary>The store's schema version; 0 when there is no store (no file, no schema).</summary>
    /// <exception cref="CliException">The store cannot be read or reached.</exception>
    public static Task<int> ReadSchemaVersionAsync(StoreSettings store, CancellationToken cancellationToken) =>
        store.Kind == StoreKind.Sqlite ? Task.FromResult(ReadSqliteVersion(store)) : ReadPostgresVersionAsync(store, cancellationToken);

    private static int ReadSqliteVersion(StoreSettings store)
    {
        var path = store.SqlitePath!;
        if (!File.Exists(path))
        {
            return 0;
        }

        var builder = new SqliteConnectionStringBuilder(store.ConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        try
        {
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException ex)
        {
            throw new CliException($"The SQLite store {path} cannot be read: {ex.Message}", ExitCodes.Failure, ex);
        }
    }

    private static async Task<int> ReadPostgresVersionAsync(StoreSettings store, CancellationToken cancellationToken)
    {
        var quoted = "\"" + store.Schema!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        try
        {
            await using var connection = new NpgsqlConnection(store.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection))
            {
                exists.Parameters.Add(new NpgsqlParameter { Value = quoted + ".schema_version" });
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    return 0;
                }
            }

            await using var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {quoted}.schema_version", connection);
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new CliException($"The {store.Describe()} cannot be reached: {Reason(ex)}", ExitCodes.Failure, ex);
        }
    }

    /// <summary>The server's or the network's reason, never the connection string.</summary>
    public static string Reason(Exception ex) => ex switch
    {
        PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState})",
        { InnerException: { } inner } when inner is not NpgsqlException => $"{ex.Message} ({inner.Message})",
        _ => ex.Message,
    };
}
