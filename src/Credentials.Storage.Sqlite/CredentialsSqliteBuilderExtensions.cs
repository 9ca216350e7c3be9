using Credentials;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The <c>UseSqlite</c> verb of <see cref="ICredentialsBuilder"/>.</summary>
public static class CredentialsSqliteBuilderExtensions
{
    /// <summary>Keeps credentials in a SQLite file (the embedded default), such as <c>Data Source=credentials.db</c>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string; a relative file is under the content root.</param>
    public static ICredentialsBuilder UseSqlite(this ICredentialsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        SqliteRegistration.AddOptions(builder.Services);
        builder.Services.Configure<SqliteStorageOptions>(o => o.ConnectionString = connectionString);
        builder.Services.Replace(ServiceDescriptor.Singleton<ICredentialStorage>(SqliteStorageFactory.Create));
        return builder;
    }
}
