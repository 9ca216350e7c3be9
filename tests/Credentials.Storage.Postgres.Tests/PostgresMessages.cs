using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>What a storage error's message must never hold.</summary>
public static class PostgresMessages
{
    /// <summary>
    /// Asserts that neither the message nor anything in the exception chain (inner exceptions and stack traces included)
    /// holds the password, and that the message holds neither the connection string nor a password keyword.
    /// </summary>
    public static void AssertSafe(CredentialStorageException error, string password, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(error);
        Assert.DoesNotContain(password, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(connectionString, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password=", error.Message, StringComparison.OrdinalIgnoreCase);
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.DoesNotContain($"Username={settings.Username}", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
