using Credentials.Cli.Settings;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Credentials.Cli.Store;

/// <summary>
/// Which audit chains a store holds: every organization id in <c>audit_log</c> or <c>audit_heads</c> ('' is the
/// store-wide chain). Read straight from the tables, read-only, because <c>verify</c> must also check the chain of an
/// organization that has no active credential left (all deleted or purged), and one whose records were all deleted
/// (only its head is left). The storage interface lists one chain at a time, not the chains.
/// </summary>
internal static class AuditChains
{
    private const string Query = "SELECT org_id FROM {0}audit_log UNION SELECT org_id FROM {0}audit_heads";

    public static async Task<IReadOnlyList<string>> ListAsync(StoreSettings store, CancellationToken cancellationToken)
    {
        var chains = new List<string>();
        if (store.Kind == StoreKind.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(store.ConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            await using var connection = new SqliteConnection(builder.ToString());
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, Query, string.Empty);
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    chains.Add(reader.GetString(0));
                }
            }
            catch (SqliteException ex)
            {
                throw new CliException($"The audit chains of the {store.Describe()} cannot be read: {ex.Message}", ExitCodes.Integrity, ex);
            }

            chains.Sort(StringComparer.Ordinal);
            return chains;
        }

        var schema = "\"" + store.Schema!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\".";
        try
        {
            await using var connection = new NpgsqlConnection(store.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, Query, schema), connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                chains.Add(reader.GetString(0));
            }

            chains.Sort(StringComparer.Ordinal);
            return chains;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new CliException($"The audit chains of the {store.Describe()} cannot be read: {StoreProbe.Reason(ex)}", ExitCodes.Failure, ex);
        }
    }
}
