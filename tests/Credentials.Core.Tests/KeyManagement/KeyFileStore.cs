using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.KeyManagement;

/// <summary>A vault on a SQLite file and a key file in a scratch directory; reopen it to simulate a restart.</summary>
internal sealed class KeyFileStore : IDisposable
{
    private readonly ServiceProvider _provider;

    private KeyFileStore(ServiceProvider provider)
    {
        _provider = provider;
        Store = provider.GetRequiredService<ICredentialStore>();
        Resolver = provider.GetRequiredService<ICredentialResolver>();
        Keys = provider.GetRequiredService<ICredentialKeyManager>();
        Storage = provider.GetRequiredService<ICredentialStorage>();
    }

    public ICredentialStore Store { get; }

    public ICredentialResolver Resolver { get; }

    public ICredentialKeyManager Keys { get; }

    public ICredentialStorage Storage { get; }

    public IServiceProvider Services => _provider;

    public static KeyFileStore Open(TempDirectory directory, Action<ICredentialsBuilder>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        var builder = services.AddCredentials()
            .UseSqlite("Data Source=" + directory.File("store.db"))
            .UseKeyFile(directory.File("credentials.key"));
        configure?.Invoke(builder);
        return new KeyFileStore(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
    }

    public async Task<List<CredentialView>> CreateTokensAsync(int count, string prefix = "KEY")
    {
        var views = new List<CredentialView>(count);
        for (var i = 0; i < count; i++)
        {
            var org = i % 2 == 0 ? TestVault.Acme : TestVault.Globex;
            views.Add(await Store.CreateAsync(org, TestVault.Token($"{prefix}_{i}", TokenFor(prefix, i))));
        }

        return views;
    }

    public static OrganizationId OrgOf(int i) => i % 2 == 0 ? TestVault.Acme : TestVault.Globex;

    public static string TokenFor(string prefix, int i) => $"sk-{prefix.ToLowerInvariant()}-{i:D6}-secret";

    public void Dispose() => _provider.Dispose();
}
