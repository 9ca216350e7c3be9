using System.Buffers.Text;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Reads a listing page straight from SQLite's row buffers through SQLitePCLRaw (the layer Microsoft.Data.Sqlite is
/// built on). A page can be every credential of an organization, so per-row costs count: ids are parsed from their
/// UTF-8 text without an intermediate string, category, type and template id are decoded once per distinct value, and
/// the organization column is not read back (the query is scoped to it).
/// </summary>
internal static class SqliteListing
{
    /// <summary>The columns <see cref="TryRead"/> expects, in order.</summary>
    public const string Columns = "key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version, owner_user_id, expires_at, last_used_at";

    /// <summary>
    /// Runs <paramref name="command"/> (text and parameters) and reads its rows; null when SQLite reports the database busy
    /// before the first row, so the caller can run the same command through ADO.NET, which waits with its busy timeout.
    /// </summary>
    public static List<CredentialMetadataRecord>? TryRead(SqliteCommand command, string organizationId, int capacity)
    {
        var database = command.Connection?.Handle ?? throw new InvalidOperationException("The listing command has no open connection.");
        var rc = raw.sqlite3_prepare_v2(database, command.CommandText, out var statement);
        SqliteException.ThrowExceptionForRC(rc, database);
        using (statement)
        {
            foreach (SqliteParameter parameter in command.Parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, parameter.ParameterName);
                rc = parameter.Value switch
                {
                    string text => raw.sqlite3_bind_text(statement, index, text),
                    int number => raw.sqlite3_bind_int64(statement, index, number),
                    _ => throw new InvalidOperationException($"The listing parameter {parameter.ParameterName} is neither text nor a number."),
                };
                SqliteException.ThrowExceptionForRC(rc, database);
            }

            var rows = new List<CredentialMetadataRecord>(capacity);
            var names = new SqliteTextPool();
            while (true)
            {
                rc = raw.sqlite3_step(statement);
                if (rc == raw.SQLITE_DONE)
                {
                    return rows;
                }

                if (rc != raw.SQLITE_ROW)
                {
                    if (rows.Count == 0 && rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
                    {
                        return null;
                    }

                    SqliteException.ThrowExceptionForRC(rc, database);
                }

                rows.Add(ReadRow(statement, organizationId, names));
            }
        }
    }

    private static CredentialMetadataRecord ReadRow(sqlite3_stmt statement, string organizationId, SqliteTextPool names)
    {
        var key = Text(statement, 0);
        var id = SqliteIds.Parse(raw.sqlite3_column_blob(statement, 1), key);
        return new CredentialMetadataRecord(
            OrganizationId: organizationId,
            Id: id,
            Name: Text(statement, 2),
            Key: key,
            Category: names.Get(raw.sqlite3_column_blob(statement, 3)),
            Type: names.Get(raw.sqlite3_column_blob(statement, 4)),
            MaskedSummary: Text(statement, 5),
            TemplateId: raw.sqlite3_column_type(statement, 6) == raw.SQLITE_NULL ? null : names.Get(raw.sqlite3_column_blob(statement, 6)),
            SearchText: Text(statement, 7),
            CreatedAt: new DateTimeOffset(raw.sqlite3_column_int64(statement, 8), TimeSpan.Zero),
            UpdatedAt: new DateTimeOffset(raw.sqlite3_column_int64(statement, 9), TimeSpan.Zero),
            Version: raw.sqlite3_column_int64(statement, 10))
        {
            OwnerUserId = Owner(statement, 11, names),
            ExpiresAt = Time(statement, 12),
            LastUsedAt = Time(statement, 13),
        };
    }

    /// <summary>The owner column: the empty string stands for the organization's shared credential (null).</summary>
    private static string? Owner(sqlite3_stmt statement, int column, SqliteTextPool names)
    {
        var text = raw.sqlite3_column_blob(statement, column);
        return text.IsEmpty ? null : names.Get(text);
    }

    private static DateTimeOffset? Time(sqlite3_stmt statement, int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : new DateTimeOffset(raw.sqlite3_column_int64(statement, column), TimeSpan.Zero);

    private static string Text(sqlite3_stmt statement, int column) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, column));
}
