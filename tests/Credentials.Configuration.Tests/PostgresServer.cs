namespace Credentials.Configuration.Tests;

/// <summary>
/// The test PostgreSQL server from <c>CREDENTIALS_TEST_POSTGRES</c> (<c>eval "$(bash .ci/postgres.sh start)"</c>). Without it
/// the PostgreSQL tests are skipped locally and fail under <c>CI=true</c>, as in the storage tests.
/// </summary>
internal static class PostgresServer
{
    public static string ConnectionString
    {
        get
        {
            if (Environment.GetEnvironmentVariable("CREDENTIALS_TEST_POSTGRES") is { Length: > 0 } value)
            {
                return value;
            }

            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            Skip.If(!ci, "No PostgreSQL server: CREDENTIALS_TEST_POSTGRES is not set. Run: eval \"$(bash .ci/postgres.sh start)\" first.");
            throw new InvalidOperationException("CREDENTIALS_TEST_POSTGRES is not set, and with CI=true a missing PostgreSQL server is a failure, not a skip.");
        }
    }
}
