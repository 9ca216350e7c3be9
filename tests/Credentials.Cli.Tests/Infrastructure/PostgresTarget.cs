using Npgsql;

namespace Credentials.Cli.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server for the import tests: <c>CREDENTIALS_TEST_POSTGRES</c>. Without it the test is skipped locally
/// and fails under <c>CI=true</c>, so CI never passes by skipping it. Each test gets its own schema, dropped afterwards.
/// </summary>
public sealed class PostgresTarget : IAsyncDisposable
{
    private PostgresTarget(string connectionString, string schema)
    {
        ConnectionString = connectionString;
        Schema = schema;
    }

    public string ConnectionString { get; }

    public string Schema { get; }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A new schema name on the test server; skips (locally) or fails (CI) without a server.</summary>
    public static PostgresTarget Require()
    {
        var connectionString = Environment.GetEnvironmentVariable("CREDENTIALS_TEST_POSTGRES");
        if (string.IsNullOrEmpty(connectionString))
        {
            if (IsCi)
            {
                throw new InvalidOperationException("CREDENTIALS_TEST_POSTGRES is not set, and with CI=true a missing PostgreSQL server is a failure, not a skip. Start one: eval \"$(bash .ci/postgres.sh start)\".");
            }

            Skip.If(true, "No PostgreSQL server: CREDENTIALS_TEST_POSTGRES is not set. Run: eval \"$(bash .ci/postgres.sh start)\" && dotnet test tests/Credentials.Cli.Tests");
        }

        return new PostgresTarget(connectionString!, "cli_" + Guid.NewGuid().ToString("N")[..12]);
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
