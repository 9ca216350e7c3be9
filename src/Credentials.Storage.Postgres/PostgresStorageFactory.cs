using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>Builds the PostgreSQL storage from its (validated) options: on its own data source, or on the host's.</summary>
internal static class PostgresStorageFactory
{
    public static ICredentialStorage Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PostgresStorageOptions>>().Value;
        var loggerFactory = services.GetService<ILoggerFactory>();
        return options.UseDataSourceFromServices
            ? new PostgresCredentialStorage(services.GetRequiredService<NpgsqlDataSource>(), options.Schema, loggerFactory) { ListenForChanges = options.ListenForChanges }
            : new PostgresCredentialStorage(options.ConnectionString!, options.Schema, loggerFactory) { ListenForChanges = options.ListenForChanges };
    }
}
