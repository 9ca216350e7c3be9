using Npgsql;

namespace Credentials.Storage.Postgres.Testing;

/// <summary>
/// Where the PostgreSQL tests find their server: the connection string in <c>CREDENTIALS_TEST_POSTGRES</c>. Without it
/// they are skipped locally (with a message saying how to run them) but fail when <c>CI=true</c>, so CI can never pass by
/// skipping them.
/// </summary>
public static class PostgresTestEnvironment
{
    /// <summary>The environment variable that holds the Npgsql connection string of the test server.</summary>
    public const string Variable = "CREDENTIALS_TEST_POSTGRES";

    private static readonly Lazy<NpgsqlDataSource> Shared = new(() => NpgsqlDataSource.Create(RequireConnectionString()));

    /// <summary>The connection string, or null when the variable is unset or empty.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Whether this is a CI run (<c>CI=true</c>), where a missing server is a failure.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the PostgreSQL tests are skipped, or null when they run (a server is configured, or this is CI).</summary>
    public static string? SkipReason => ConnectionString is null && !IsCi
        ? $"No PostgreSQL server: {Variable} is not set. Run them with: eval \"$(bash .ci/postgres.sh start)\" && dotnet test tests/Credentials.Storage.Postgres.Tests " +
          "(stop it with: bash .ci/postgres.sh stop \"$PG_TEST_DIR\"). Under CI=true a missing server fails these tests instead."
        : null;

    /// <summary>One data source (connection pool) for the whole test run.</summary>
    public static NpgsqlDataSource DataSource => Shared.Value;

    /// <summary>The connection string; throws with instructions when it is missing (which only a CI run gets this far with).</summary>
    public static string RequireConnectionString() =>
        ConnectionString ?? throw new InvalidOperationException(
            $"{Variable} is not set, and with CI=true a missing PostgreSQL server is a failure, not a skip. " +
            "Start one first: eval \"$(bash .ci/postgres.sh start)\" (.ci/run does).");
}
