using Npgsql;

namespace Credentials.Storage.Postgres.Testing;

/// <summary>A schema name of a test's own on the test server (<c>t_</c> and a random id), dropped with everything in it on dispose.</summary>
public sealed class TestSchema : IAsyncDisposable
{
    /// <summary>The schema's name (it does not exist until a storage initializes it).</summary>
    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N");

    /// <summary>The shared test data source.</summary>
    public static NpgsqlDataSource DataSource => PostgresTestEnvironment.DataSource;

    /// <summary>The server's connection string.</summary>
    public static string ConnectionString => PostgresTestEnvironment.RequireConnectionString();

    /// <summary>Runs one statement outside any provider and returns the first column of the first row.</summary>
    public static async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteScalarAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (PostgresTestEnvironment.ConnectionString is not null)
        {
            await ScalarAsync($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE");
        }
    }
}
