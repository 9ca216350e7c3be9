using System.Security.Cryptography;
using Credentials.Storage.Postgres.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Moving a PostgreSQL store made with the development key file to a passphrase or a master key (issue 17): the new
/// provider with <c>MigrateKeysFromKeyFile</c>, <see cref="ICredentialKeyMigration.MigrateAsync"/>, then the new provider
/// alone with the key file deleted. Also with a second instance writing during the migration, and the misconfiguration.
/// </summary>
[RequiresPostgres]
public sealed class PostgresKeyMigrationTests : IAsyncLifetime
{
    private const string Passphrase = "a long random passphrase for the production store";
    private static readonly OrganizationId Acme = new("acme");
    private static readonly OrganizationId Globex = new("globex");

    private readonly TestSchema _schema = new();
    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-pg-migration-").FullName;
    private readonly List<PostgresVault> _vaults = [];

    private string KeyFile => Path.Combine(_directory, "credentials.key");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var vault in _vaults)
        {
            await vault.DisposeAsync();
        }

        await _schema.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("passphrase")]
    [InlineData("master-key")]
    public async Task FromKeyFile_MigrateThenRestartWithTheNewProviderAlone_EveryCredentialKeepsItsValue(string target)
    {
        var old = Start(k => k.UseKeyFile(KeyFile));
        var seed = await SeedAsync(old);
        var oldKeys = (await old.Keys.ListKeysAsync()).Select(k => k.Id).ToList();
        await Stop(old);

        // The new provider is the primary, the key file still opens everything.
        var migrating = Start(k => NewProvider(k, target).MigrateKeysFromKeyFile(KeyFile));
        await VerifyAsync(migrating, seed);
        var result = await migrating.Migration.MigrateAsync();
        Assert.Equal(seed.Count + 1, result.Rewrap.Rewrapped); // the deleted one too
        Assert.Equal(0, result.Rewrap.Remaining);
        Assert.True(result.IsComplete);
        Assert.Equal(oldKeys.Order(StringComparer.Ordinal), result.RetiredKeyIds.Order(StringComparer.Ordinal));
        await Stop(migrating);

        // The new provider alone, the key file deleted.
        File.Delete(KeyFile);
        var migrated = Start(k => NewProvider(k, target));
        await VerifyAsync(migrated, seed);
        var deleted = Assert.Single(await migrated.Deleted.ListAsync(Acme));
        await migrated.Deleted.RecoverAsync(Acme, deleted.Credential.Id);
        Assert.Equal("sk-deleted-0123456789abcdef", (await migrated.Resolver.ResolveAsync<ApiToken>(Acme, "OLD_TOKEN")).Token);
        var keys = await migrated.Keys.ListKeysAsync();
        Assert.Equal(seed.Count + 1, Assert.Single(keys).WrappedCount);
        Assert.DoesNotContain(keys, k => oldKeys.Contains(k.Id));
        Assert.Equal(2L, await TestSchema.ScalarAsync($"SELECT count(*) FROM \"{_schema.Name}\".retired_keys"));
    }

    [Fact]
    public async Task Migration_WhileAnotherInstanceWrites_LosesNoWrite()
    {
        var old = Start(k => k.UseKeyFile(KeyFile));
        var seed = await SeedAsync(old);
        await Stop(old);

        var a = Start(k => k.UsePassphrase(Passphrase, Cheap).MigrateKeysFromKeyFile(KeyFile));
        var b = Start(k => k.MigrateKeysFromKeyFile(KeyFile).UsePassphrase(Passphrase, Cheap));
        var view = await b.Store.CreateAsync(Acme, Token("BUSY_TOKEN", "sk-busy-000"));
        var writes = Task.Run(async () =>
        {
            for (var i = 1; i <= 20; i++)
            {
                view = await b.Store.UpdateAsync(Acme, view.Id, new CredentialUpdate { Secret = new ApiToken($"sk-busy-{i:D3}") });
            }
        });
        var result = await a.Migration.MigrateAsync();
        await writes;
        Assert.True(result.IsComplete || (await a.Migration.MigrateAsync()).IsComplete);
        await Stop(a);
        await Stop(b);

        File.Delete(KeyFile);
        var migrated = Start(k => k.UsePassphrase(Passphrase, Cheap));
        await VerifyAsync(migrated, seed);
        Assert.Equal("sk-busy-020", (await migrated.Resolver.ResolveAsync<ApiToken>(Acme, "BUSY_TOKEN")).Token);
    }

    [Theory]
    [InlineData("passphrase")]
    [InlineData("master-key")]
    public async Task NewProviderWithoutMigrateKeysFrom_RefusesToStart_NamingTheVerb(string target)
    {
        var old = Start(k => k.UseKeyFile(KeyFile));
        await SeedAsync(old);
        await Stop(old);
        var settings = await TestSchema.ScalarAsync($"SELECT count(*) FROM \"{_schema.Name}\".settings");

        var misconfigured = Start(k => NewProvider(k, target));
        var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => misconfigured.Keys.ListKeysAsync());

        Assert.Contains("MigrateKeysFrom", ex.Message, StringComparison.Ordinal);
        Assert.Equal(settings, await TestSchema.ScalarAsync($"SELECT count(*) FROM \"{_schema.Name}\".settings"));
    }

    private static NewCredential Token(string key, string token) => new(key, key, CredentialCategory.Runtime, new ApiToken(token));

    private static void Cheap(PassphraseOptions options)
    {
        options.MemorySizeKib = 64;
        options.Iterations = 1;
        options.Parallelism = 1;
    }

    /// <summary>Shared credentials of two organizations, two users' own, under two keys of the key file, and one deleted.</summary>
    private static async Task<List<(CredentialContext Context, string Key, CredentialSecret Secret)>> SeedAsync(PostgresVault vault)
    {
        var seed = new List<(CredentialContext, string, CredentialSecret)>
        {
            (new CredentialContext(Acme), "OPENAI_API_KEY", new ApiToken("sk-acme-0123456789abcdef")),
            (new CredentialContext(Acme), "DB_LOGIN", new UsernamePassword("app", "p4ss-w0rd-acme")),
            (new CredentialContext(Globex), "AWS_CREDENTIALS", new KeyPair("AKIAEXAMPLE0123", "aws-secret-globex-0123456789")),
            (new CredentialContext(Acme, UserId: "alice"), "GITHUB_TOKEN", new ApiToken("ghp_alice0123456789abcdef")),
            (new CredentialContext(Acme, UserId: "bob"), "GITHUB_TOKEN", new ApiToken("ghp_bob0123456789abcdef")),
        };
        for (var i = 0; i < seed.Count; i++)
        {
            if (i == 2)
            {
                await vault.Keys.RotateAsync();
            }

            var (context, key, secret) = seed[i];
            await vault.Store.CreateAsync(context, new NewCredential(key, key, CredentialCategory.Runtime, secret) { OwnerUserId = context.UserId });
        }

        var doomed = await vault.Store.CreateAsync(Acme, Token("OLD_TOKEN", "sk-deleted-0123456789abcdef"));
        await vault.Store.DeleteAsync(Acme, doomed.Id);
        return seed;
    }

    private static async Task VerifyAsync(PostgresVault vault, List<(CredentialContext Context, string Key, CredentialSecret Secret)> seed)
    {
        foreach (var (context, key, secret) in seed)
        {
            var scope = context.UserId is null ? ResolveScope.Organization : ResolveScope.User;
            Assert.Equal(secret, await vault.Resolver.ResolveAsync<CredentialSecret>(context, key, scope));
        }
    }

    private ICredentialsBuilder NewProvider(ICredentialsBuilder builder, string target) =>
        target == "passphrase" ? builder.UsePassphrase(Passphrase, Cheap) : builder.UseMasterKey(_masterKey);

    private PostgresVault Start(Action<ICredentialsBuilder> keys)
    {
        var vault = PostgresVault.Start(_schema.Name, keys);
        _vaults.Add(vault);
        return vault;
    }

    private async Task Stop(PostgresVault vault)
    {
        _vaults.Remove(vault);
        await vault.DisposeAsync();
    }
}
