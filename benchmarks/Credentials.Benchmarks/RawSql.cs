using Microsoft.Data.Sqlite;

namespace Credentials.Benchmarks;

/// <summary>The raw baselines' two ADO.NET helpers: run a statement once, or prepare one with its parameters bound.</summary>
internal static class RawSql
{
    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static SqliteCommand Prepare(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.Prepare();
        return command;
    }
}
