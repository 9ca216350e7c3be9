using Credentials.Storage;
using Credentials.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>The registrations <c>UseSqlite</c> and the embedded default of the package Credentials share.</summary>
internal static class SqliteRegistration
{
    /// <summary>The SQLite options, validated at start-up.</summary>
    public static void AddOptions(IServiceCollection services)
    {
        services.AddOptions<SqliteStorageOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
    }

    /// <summary>
    /// The embedded default: SQLite unless the host registered a storage before (a <c>TryAdd</c>). Called before
    /// <c>AddCredentialsCore()</c>, whose own placeholder (which fails, naming the fix) is then not added.
    /// </summary>
    public static void TryAddDefault(IServiceCollection services)
    {
        AddOptions(services);
        services.TryAddSingleton<ICredentialStorage>(SqliteStorageFactory.Create);
    }

    /// <summary>Names the configuration keys in start-up messages: the SQLite settings came from <paramref name="sectionPath"/>.</summary>
    public static void UseConfigurationPath(IServiceCollection services, string sectionPath) =>
        services.Replace(ServiceDescriptor.Singleton(new SqliteConfigurationPath(sectionPath)));

    /// <summary>Whether <paramref name="descriptor"/> is the SQLite storage (the default or <c>UseSqlite</c>).</summary>
    public static bool IsSqlite(ServiceDescriptor descriptor) =>
        descriptor.ImplementationFactory?.Method.DeclaringType == typeof(SqliteStorageFactory);
}
