using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.KeyManagement.DataProtection.Tests;

/// <summary>A store made with the development key file moved to a ring protected by the host's Data Protection (MigrateKeysFromKeyFile).</summary>
public sealed class DataProtectionKeyMigrationTests : IDisposable
{
    private static readonly OrganizationId Acme = new("acme");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-dp-migration-").FullName;

    private string KeyFile => Path.Combine(_directory, "credentials.key");

    [Fact]
    public async Task FromKeyFile_MigrateThenRestartWithDataProtectionAlone_OpensEverything()
    {
        using (var old = Build(b => b.UseKeyFile(KeyFile)))
        {
            var store = old.GetRequiredService<ICredentialStore>();
            await store.CreateAsync(Acme, Token("OPENAI_API_KEY", "sk-dp-0123456789abcdef"));
            var deleted = await store.CreateAsync(Acme, Token("OLD_TOKEN", "sk-old-0123456789abcdef"));
            await store.DeleteAsync(Acme, deleted.Id);
        }

        using (var migrating = Build(b => b.MigrateKeysFromKeyFile(KeyFile).ProtectKeysWithDataProtection()))
        {
            var result = await migrating.GetRequiredService<ICredentialKeyMigration>().MigrateAsync();
            Assert.Equal(2, result.Rewrap.Rewrapped);
            Assert.True(result.IsComplete);
        }

        File.Delete(KeyFile);
        using var migrated = Build(b => b.ProtectKeysWithDataProtection());
        var resolver = migrated.GetRequiredService<ICredentialResolver>();
        Assert.Equal("sk-dp-0123456789abcdef", (await resolver.ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY")).Token);
        var bin = migrated.GetRequiredService<IDeletedCredentials>();
        await bin.RecoverAsync(Acme, Assert.Single(await bin.ListAsync(Acme)).Credential.Id);
        Assert.Equal("sk-old-0123456789abcdef", (await resolver.ResolveAsync<ApiToken>(Acme, "OLD_TOKEN")).Token);
        Assert.Equal(2, Assert.Single(await migrated.GetRequiredService<ICredentialKeyManager>().ListKeysAsync()).WrappedCount);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static NewCredential Token(string key, string token) => new(key, key, CredentialCategory.Runtime, new ApiToken(token));

    private ServiceProvider Build(Action<ICredentialsBuilder> keys)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(_directory, "dp-keys")))
            .SetApplicationName("credentials-tests");
        keys(services.AddCredentials().UseSqlite("Data Source=" + Path.Combine(_directory, "store.db")));
        return services.BuildServiceProvider(validateScopes: true);
    }
}
