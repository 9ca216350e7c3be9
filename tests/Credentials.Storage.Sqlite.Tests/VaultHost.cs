using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Storage.Sqlite;

/// <summary>A real vault as a host builds it (AddCredentialsCore, UseSqlite, UseMasterKey): one "process" of the application.</summary>
public sealed class VaultHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private VaultHost(ServiceProvider services) => _services = services;

    /// <summary>The store (create, update, list).</summary>
    public ICredentialStore Store => _services.GetRequiredService<ICredentialStore>();

    /// <summary>The resolver (decrypts by key).</summary>
    public ICredentialResolver Resolver => _services.GetRequiredService<ICredentialResolver>();

    /// <summary>The assignments (which consumers use which credential).</summary>
    public ICredentialAssignments Assignments => _services.GetRequiredService<ICredentialAssignments>();

    /// <summary>The deleted credentials (list, recover, purge).</summary>
    public IDeletedCredentials Deleted => _services.GetRequiredService<IDeletedCredentials>();

    /// <summary>Builds a vault on the given SQLite connection string and master key.</summary>
    public static VaultHost Start(string connectionString, byte[] masterKey)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddCredentialsCore()
            .UseSqlite(connectionString)
            .UseMasterKey(masterKey)
            .Services
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        return new VaultHost(services);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
