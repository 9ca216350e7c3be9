using Credentials.Storage;
using Credentials.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Builds the SQLite storage from its options, placing a relative file under the content root.</summary>
internal static class SqliteStorageFactory
{
    public static ICredentialStorage Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SqliteStorageOptions>>().Value;
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        if (!inMemory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(ContentRoot(services), builder.DataSource));
        }

        return new SqliteCredentialStorage(builder.ToString());
    }

    /// <summary>The host's content root, or the working directory without a host: where Core puts a relative key file too.</summary>
    private static string ContentRoot(IServiceProvider services) =>
        services.GetService<IHostEnvironment>()?.ContentRootPath is { Length: > 0 } root ? root : Directory.GetCurrentDirectory();
}
