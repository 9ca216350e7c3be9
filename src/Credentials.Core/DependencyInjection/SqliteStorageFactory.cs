using Credentials.Storage;
using Credentials.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Builds the SQLite storage from its options, placing a relative file under the content root.</summary>
internal static class SqliteStorageFactory
{
    public static ICredentialStorage Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SqliteStorageOptions>>().Value;
        var root = services.GetRequiredService<ContentRoot>();
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        if (!inMemory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = root.Resolve(builder.DataSource);
        }

        return new SqliteCredentialStorage(builder.ToString());
    }
}
