using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Storage.Postgres.Testing;

/// <summary>
/// A real vault as a host builds it (AddCredentials, UsePostgres, a key provider): one "instance" of an application that
/// runs on several machines. Each has its own service provider and its own connection pool.
/// </summary>
public sealed class PostgresVault : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PostgresVault(ServiceProvider services) => _services = services;

    /// <summary>The store (create, update, list).</summary>
    public ICredentialStore Store => _services.GetRequiredService<ICredentialStore>();

    /// <summary>The resolver (decrypts by key).</summary>
    public ICredentialResolver Resolver => _services.GetRequiredService<ICredentialResolver>();

    /// <summary>The deleted credentials (list, recover, purge).</summary>
    public IDeletedCredentials Deleted => _services.GetRequiredService<IDeletedCredentials>();

    /// <summary>The key manager (list, rotate, rewrap, retire).</summary>
    public ICredentialKeyManager Keys => _services.GetRequiredService<ICredentialKeyManager>();

    /// <summary>The key migration (rewrap and retire the keys of the provider given to MigrateKeysFrom).</summary>
    public ICredentialKeyMigration Migration => _services.GetRequiredService<ICredentialKeyMigration>();
    /// <summary>Every service of the instance (the audit trail, the health report, ...).</summary>
    public IServiceProvider Services => _services;

    /// <summary>The PostgreSQL storage under the vault.</summary>
    public PostgresCredentialStorage Storage => (PostgresCredentialStorage)_services.GetRequiredService<ICredentialStorage>();

    /// <summary>Builds a vault on <paramref name="schema"/> of the test server with the key provider <paramref name="keys"/> sets.</summary>
    public static PostgresVault Start(string schema, Action<ICredentialsBuilder> keys, Action<PostgresStorageOptions>? storage = null, Action<ICredentialsBuilder>? more = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var builder = new ServiceCollection()
            .AddLogging()
            .AddCredentials()
            .UsePostgres(TestSchema.ConnectionString, o =>
            {
                o.Schema = schema;
                storage?.Invoke(o);
            });
        keys(builder);
        more?.Invoke(builder);
        return new PostgresVault(builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
    }

    /// <summary>Polls <paramref name="condition"/> every 25 ms until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(25);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
