using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Cli.Tests.Infrastructure;

/// <summary>A vault built as a host builds it, to seed stores before the tool runs and to read them back after.</summary>
public sealed class TestVault : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestVault(ServiceProvider services) => _services = services;

    public ICredentialStore Store => _services.GetRequiredService<ICredentialStore>();

    public ICredentialResolver Resolver => _services.GetRequiredService<ICredentialResolver>();

    public ICredentialKeyManager Keys => _services.GetRequiredService<ICredentialKeyManager>();

    internal CredentialSealer Sealer => _services.GetRequiredService<CredentialSealer>();

    internal CredentialVault Vault => _services.GetRequiredService<CredentialVault>();

    public static TestVault Sqlite(string database, string keyFile) =>
        Build(b => b.UseSqlite("Data Source=" + database).UseKeyFile(keyFile));

    public static TestVault Postgres(string connectionString, string schema, string passphrase) =>
        Build(b => b.UsePostgres(connectionString, o => o.Schema = schema).UsePassphrase(passphrase));

    public static TestVault Build(Action<ICredentialsBuilder> configure)
    {
        var services = new ServiceCollection();
        var builder = services.AddCredentials();
        configure(builder);
        builder.AddCommonTemplates();
        return new TestVault(services.BuildServiceProvider());
    }

    /// <summary>Every credential of every organization: its card and its values serialized as the vault seals them.</summary>
    public async Task<IReadOnlyDictionary<(string Org, string? Owner, string Key), (CredentialView Card, string Values)>> SnapshotAsync()
    {
        var result = new Dictionary<(string, string?, string), (CredentialView, string)>();
        foreach (var org in await Vault.ListOrganizationsAsync())
        {
            await foreach (var card in Store.ListAllAsync(new CredentialContext(org), new CredentialQuery { IncludeAllUsers = true }))
            {
                var secret = card.OwnerUserId is null
                    ? await Resolver.ResolveAsync<CredentialSecret>(org, card.Key)
                    : await Resolver.ResolveAsync<CredentialSecret>(new CredentialContext(org, card.OwnerUserId), card.Key, ResolveScope.User);
                result[(org.Value, card.OwnerUserId, card.Key)] = (card, JsonSerializer.Serialize(secret, CredentialJsonContext.Default.CredentialSecret));
            }
        }

        return result;
    }

    public async Task<int> CountAsync() => (await SnapshotAsync()).Count;

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
