using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Caching;

/// <summary>A vault on a SQLite file of a scratch directory (default options: the sealed-record cache is on).</summary>
internal sealed class SqliteVault : IDisposable
{
    private readonly TempDirectory? _ownedDirectory;

    /// <param name="directory">Where the store goes (a new scratch directory when null).</param>
    /// <param name="configure">More settings.</param>
    /// <param name="keyFile">A key file to use (shared with another process); a random master key when null.</param>
    public SqliteVault(TempDirectory? directory = null, Action<ICredentialsBuilder>? configure = null, string? keyFile = null)
    {
        _ownedDirectory = directory is null ? new TempDirectory("credentials-sealed-cache-") : null;
        Directory = directory ?? _ownedDirectory!;
        var builder = new ServiceCollection().AddLogging().AddCredentials().UseSqlite("Data Source=" + Database);
        if (keyFile is null)
        {
            builder.UseMasterKey(RandomNumberGenerator.GetBytes(32));
        }
        else
        {
            builder.UseKeyFile(keyFile);
        }

        configure?.Invoke(builder);
        Provider = builder.Services.BuildServiceProvider();
        Store = Provider.GetRequiredService<ICredentialStore>();
        Resolver = Provider.GetRequiredService<ICredentialResolver>();
        Cache = Provider.GetRequiredService<SealedRecordCache>();
    }

    public TempDirectory Directory { get; }

    public string Database => Directory.File("store.db");

    public ServiceProvider Provider { get; }

    public ICredentialStore Store { get; }

    public ICredentialResolver Resolver { get; }

    public SealedRecordCache Cache { get; }

    public bool IsCached(OrganizationId org, string? owner, string key) => Cache.TryGet(org.Value, owner, key, out _);

    public void Dispose()
    {
        Provider.Dispose();
        _ownedDirectory?.Dispose();
    }
}
