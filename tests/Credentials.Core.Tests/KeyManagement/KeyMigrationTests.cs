using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Moving a SQLite store from one key provider to another (issue 17, "Key provider migration"): the new provider as primary
/// with <c>MigrateKeysFrom</c> keeping the old one readable, <see cref="ICredentialKeyMigration.MigrateAsync"/> (rewrap,
/// retire the old keys), then a restart with the new provider alone and the old key gone.
/// </summary>
public sealed class KeyMigrationTests : IDisposable
{
    private const string Passphrase = "a long random passphrase for the production store";
    private readonly TempDirectory _directory = new("credentials-key-migration-");
    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);

    public static TheoryData<string, bool> Targets => new()
    {
        { "passphrase", false },
        { "passphrase", true },
        { "master-key", false },
        { "master-key", true },
    };

    private string KeyFile => _directory.File("credentials.key");

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task FromKeyFile_MigrateThenRestartWithTheNewProviderAlone_EveryCredentialKeepsItsValue(string target, bool migrationVerbFirst)
    {
        MigrationSeed seed;
        List<string> oldKeys;
        using (var old = Open(b => b.UseKeyFile(KeyFile)))
        {
            seed = await MigrationSeed.CreateAsync(old);
            oldKeys = [.. (await old.GetRequiredService<ICredentialKeyManager>().ListKeysAsync()).Select(k => k.Id)];
        }

        Assert.Equal(2, oldKeys.Count);

        // Step 1: the new provider is the primary, the key file still opens; the order of the verbs does not matter.
        using (var migrating = Open(b =>
        {
            if (migrationVerbFirst)
            {
                b.MigrateKeysFromKeyFile(KeyFile);
            }

            Target(target)(b);
            if (!migrationVerbFirst)
            {
                b.MigrateKeysFromKeyFile(KeyFile);
            }
        }))
        {
            await seed.VerifyAsync(migrating);
            var keys = migrating.GetRequiredService<ICredentialKeyManager>();
            var listed = await keys.ListKeysAsync();
            var primary = Assert.Single(listed, k => k.IsPrimary);
            Assert.DoesNotContain(primary.Id, oldKeys);
            Assert.Equal(0, primary.WrappedCount);
            Assert.Equal(seed.Count, listed.Where(k => oldKeys.Contains(k.Id)).Sum(k => k.WrappedCount));

            // A write during the migration goes under the new primary.
            await migrating.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token("NEW_TOKEN", "sk-new-0123456789abcdef"));
            Assert.Equal(1, (await keys.ListKeysAsync()).Single(k => k.IsPrimary).WrappedCount);

            // Step 2: everything rewrapped (the recycle bin too), the key file's keys retired, in the store and in the file.
            var migration = migrating.GetRequiredService<ICredentialKeyMigration>();
            var result = await migration.MigrateAsync();
            Assert.Equal(primary.Id, result.Rewrap.PrimaryKeyId);
            Assert.Equal(seed.Count, result.Rewrap.Rewrapped);
            Assert.Equal(0, result.Rewrap.Remaining);
            Assert.Equal(oldKeys.Order(StringComparer.Ordinal), result.RetiredKeyIds.Order(StringComparer.Ordinal));
            Assert.True(result.IsComplete);
            Assert.Equal(oldKeys.Order(StringComparer.Ordinal), result.PreviousKeys.Select(k => k.Id).Order(StringComparer.Ordinal));
            Assert.All(result.PreviousKeys, k => Assert.True(k.IsRetired && k.WrappedCount == 0));
            Assert.All(ReadKeyFile().Keys, k => Assert.NotNull(k.RetiredAt));

            // Again: nothing left to do.
            var again = await migration.MigrateAsync();
            Assert.Equal(0, again.Rewrap.Rewrapped);
            Assert.Empty(again.RetiredKeyIds);
            Assert.True(again.IsComplete);
        }

        // Step 3: the new provider alone, the key file deleted.
        File.Delete(KeyFile);
        using var migrated = Open(Target(target));
        await seed.VerifyAsync(migrated, recoverDeleted: true);
        Assert.Equal("sk-new-0123456789abcdef", (await migrated.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(TestVault.Acme, "NEW_TOKEN")).Token);
        var final = await migrated.GetRequiredService<ICredentialKeyManager>().ListKeysAsync();
        Assert.Equal(seed.Count + 1, Assert.Single(final).WrappedCount);
        Assert.DoesNotContain(final, k => oldKeys.Contains(k.Id));
        Assert.False(File.Exists(KeyFile));
    }

    [Fact]
    public async Task FromMasterKeyToPassphrase_WithTheKeyManagersOwnSteps_EveryCredentialKeepsItsValue()
    {
        MigrationSeed seed;
        using (var old = Open(b => b.UseMasterKey(_masterKey)))
        {
            seed = await MigrationSeed.CreateAsync(old);
        }

        // The recipe by hand: rewrap, then retire each key nothing is wrapped under any more.
        var base64 = Convert.ToBase64String(_masterKey);
        using (var migrating = Open(b => b.UsePassphrase(Passphrase, Cheap).MigrateKeysFromMasterKey(base64)))
        {
            await seed.VerifyAsync(migrating);
            var keys = migrating.GetRequiredService<ICredentialKeyManager>();
            Assert.Equal(0, (await keys.RewrapAsync()).Remaining);
            var old = Assert.Single(await keys.ListKeysAsync(), k => !k.IsPrimary);
            Assert.StartsWith("mk-", old.Id, StringComparison.Ordinal);
            Assert.Equal(0, old.WrappedCount);
            await keys.RetireAsync(old.Id);
        }

        using var migrated = Open(b => b.UsePassphrase(Passphrase, Cheap));
        await seed.VerifyAsync(migrated, recoverDeleted: true);
        Assert.Equal(seed.Count, Assert.Single(await migrated.GetRequiredService<ICredentialKeyManager>().ListKeysAsync()).WrappedCount);
    }

    [Fact]
    public async Task MasterKeyRotation_NewKeyWithTheOldGivenToMigrateKeysFrom_MovesEverythingToTheNewKey()
    {
        MigrationSeed seed;
        using (var old = Open(b => b.UseMasterKey(_masterKey)))
        {
            seed = await MigrationSeed.CreateAsync(old);
        }

        var newKey = RandomNumberGenerator.GetBytes(32);
        using (var rotating = Open(b => b.UseMasterKey(newKey).MigrateKeysFromMasterKey(_masterKey)))
        {
            var result = await rotating.GetRequiredService<ICredentialKeyMigration>().MigrateAsync();
            Assert.Equal(seed.Count, result.Rewrap.Rewrapped);
            Assert.Equal(KeyIds.ForMasterKey(_masterKey), Assert.Single(result.RetiredKeyIds));
        }

        using var rotated = Open(b => b.UseMasterKey(newKey));
        await seed.VerifyAsync(rotated, recoverDeleted: true);

        // The old key is retired: configured again as the primary, the vault refuses to start.
        using var rolledBack = BuildHost(b => b.UseMasterKey(_masterKey));
        await Assert.ThrowsAnyAsync<CredentialException>(() => rolledBack.StartAsync());
    }

    [Fact]
    public async Task MigrateAsync_RetiresOnlyThePreviousProvidersKeys_NotTheNewRingsOwnOlderKeys()
    {
        using (var old = Open(b => b.UseKeyFile(KeyFile)))
        {
            await old.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());
        }

        using var migrating = Open(b => b.UsePassphrase(Passphrase, Cheap).MigrateKeysFromKeyFile(KeyFile));
        var keys = migrating.GetRequiredService<ICredentialKeyManager>();
        var firstRingKey = (await keys.ListKeysAsync()).Single(k => k.IsPrimary).Id;
        var rotated = await keys.RotateAsync();

        var result = await migrating.GetRequiredService<ICredentialKeyMigration>().MigrateAsync();

        Assert.Equal(rotated.Id, result.Rewrap.PrimaryKeyId);
        Assert.True(result.IsComplete);
        var listed = await keys.ListKeysAsync();
        Assert.False(listed.Single(k => k.Id == firstRingKey).IsRetired);
        Assert.True(Assert.Single(result.PreviousKeys).IsRetired);
    }

    [Theory]
    [InlineData("passphrase")]
    [InlineData("master-key")]
    public async Task NewProviderWithoutMigrateKeysFrom_RefusesToStart_NamingTheVerb_AndWritesNothing(string target)
    {
        using (var old = Open(b => b.UseKeyFile(KeyFile)))
        {
            await old.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());
        }

        var settingsBefore = Settings();
        using var host = BuildHost(Target(target));

        var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => host.StartAsync());

        Assert.Contains("MigrateKeysFrom", ex.Message, StringComparison.Ordinal);
        Assert.Equal(settingsBefore, Settings());
    }

    [Fact]
    public async Task MigrateKeysFromAnotherKeyFile_RefusesToStartTheRing_NamingTheMissingKey()
    {
        string storeKey;
        using (var old = Open(b => b.UseKeyFile(KeyFile)))
        {
            await old.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());
            storeKey = Assert.Single(await old.GetRequiredService<ICredentialKeyManager>().ListKeysAsync()).Id;
        }

        // Another key file, made by a vault of its own.
        var otherKeyFile = _directory.File("other.key");
        using (var other = Open(b => b.UseKeyFile(otherKeyFile).UseInMemoryStorage()))
        {
            _ = await other.GetRequiredService<ICredentialKeyManager>().ListKeysAsync();
        }

        var settingsBefore = Settings();
        using var host = BuildHost(b => b.UsePassphrase(Passphrase, Cheap).MigrateKeysFromKeyFile(otherKeyFile));

        var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => host.StartAsync());

        Assert.Contains(storeKey, ex.Message, StringComparison.Ordinal);
        Assert.Contains("MigrateKeysFrom", ex.Message, StringComparison.Ordinal);
        Assert.Equal(settingsBefore, Settings());
    }

    [Fact]
    public async Task MigrateKeysFromKeyFile_MissingFile_RefusesToStart_AndMakesNoKeyFile()
    {
        using (var old = Open(b => b.UseKeyFile(KeyFile)))
        {
            await old.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());
        }

        var missing = _directory.File("missing.key");
        using var host = BuildHost(b => b.UseMasterKey(_masterKey).MigrateKeysFromKeyFile(missing));

        var ex = await Assert.ThrowsAsync<CredentialException>(() => host.StartAsync());

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task MigrateKeysFrom_TheConfiguredKeyTwice_RefusesToStartWithAClearMessage()
    {
        using (var old = Open(b => b.UseKeyFile(KeyFile)))
        {
            await old.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());
        }

        // The key file as both the new and the old provider (the new one was forgotten), and one master key twice.
        using var keyFileTwice = BuildHost(b => b.UseKeyFile(KeyFile).MigrateKeysFromKeyFile(KeyFile));
        var ex = await Assert.ThrowsAsync<CredentialException>(() => keyFileTwice.StartAsync());
        Assert.Contains("MigrateKeysFrom names the provider the store is moving away from", ex.Message, StringComparison.Ordinal);

        using var masterKeyTwice = BuildHost(b => b.UseMasterKey(_masterKey).MigrateKeysFromMasterKey(_masterKey), database: "other.db");
        ex = await Assert.ThrowsAsync<CredentialException>(() => masterKeyTwice.StartAsync());
        Assert.Contains("both have key(s) 'mk-", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_WithoutMigrateKeysFrom_SaysWhatToConfigure()
    {
        using var vault = Open(b => b.UseMasterKey(_masterKey));

        var ex = await Assert.ThrowsAsync<CredentialException>(() => vault.GetRequiredService<ICredentialKeyMigration>().MigrateAsync());

        Assert.Contains("MigrateKeysFrom", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RingCreationInterrupted_BeforeItsFirstKey_ResumesWithTheMigration_AndIsExplainedWithout()
    {
        MigrationSeed seed;
        using (var old = Open(b => b.UseKeyFile(KeyFile)))
        {
            seed = await MigrationSeed.CreateAsync(old);
        }

        // A start that wrote the ring's header and died before its first key (the first key entry removed after the fact).
        using (var started = Open(b => b.UsePassphrase(Passphrase, Cheap).MigrateKeysFromKeyFile(KeyFile)))
        {
            _ = await started.GetRequiredService<ICredentialKeyManager>().ListKeysAsync();
        }

        Execute("DELETE FROM settings WHERE name LIKE 'key-ring/key/%';");
        using (var withoutMigration = BuildHost(b => b.UsePassphrase(Passphrase, Cheap)))
        {
            var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => withoutMigration.StartAsync());
            Assert.Contains("MigrateKeysFrom", ex.Message, StringComparison.Ordinal);
        }

        using (var resumed = Open(b => b.UsePassphrase(Passphrase, Cheap).MigrateKeysFromKeyFile(KeyFile)))
        {
            Assert.True((await resumed.GetRequiredService<ICredentialKeyMigration>().MigrateAsync()).IsComplete);
        }

        File.Delete(KeyFile);
        using var migrated = Open(b => b.UsePassphrase(Passphrase, Cheap));
        await seed.VerifyAsync(migrated, recoverDeleted: true);
    }

    [Fact]
    public async Task MigrateKeysFrom_CustomProvider_ItsKeysOpenUntilRetired_AndTheVaultDisposesIt()
    {
        using var oldKey = new AesGcmKeyEncryptionKey("kms-old-1", RandomNumberGenerator.GetBytes(32));
        var oldProvider = new DisposableKeys(new KeyRing([oldKey], "kms-old-1"));
        using (var old = Open(b => b.Services.Replace(ServiceDescriptor.Singleton<IKeyEncryptionKeyProvider>(new KeyRing([oldKey], "kms-old-1")))))
        {
            await old.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());
        }

        using (var migrating = Open(b => b.MigrateKeysFrom(_ => oldProvider).UseMasterKey(_masterKey)))
        {
            var result = await migrating.GetRequiredService<ICredentialKeyMigration>().MigrateAsync();
            Assert.Equal(["kms-old-1"], result.RetiredKeyIds);
        }

        Assert.True(oldProvider.Disposed);
        using var migrated = Open(b => b.UseMasterKey(_masterKey));
        Assert.Equal("sk-test-0123456789abcdef", (await migrated.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI_API_KEY")).Token);
    }

    public void Dispose() => _directory.Dispose();

    private static void Cheap(PassphraseOptions options)
    {
        options.MemorySizeKib = 64;
        options.Iterations = 1;
        options.Parallelism = 1;
    }

    private Action<ICredentialsBuilder> Target(string target) => target switch
    {
        "passphrase" => b => b.UsePassphrase(Passphrase, Cheap),
        _ => b => b.UseMasterKey(_masterKey),
    };

    private ServiceProvider Open(Action<ICredentialsBuilder> keys)
    {
        var services = new ServiceCollection().AddLogging();
        keys(services.AddCredentials().UseSqlite("Data Source=" + _directory.File("store.db")));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private IHost BuildHost(Action<ICredentialsBuilder> keys, string database = "store.db")
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory.Path });
        keys(builder.Services.AddCredentials().UseSqlite("Data Source=" + _directory.File(database)));
        return builder.Build();
    }

    private KeyRingDocument ReadKeyFile() => JsonSerializer.Deserialize(File.ReadAllBytes(KeyFile), CredentialJsonContext.Default.KeyRingDocument)!;

    private List<string> Settings()
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection("Data Source=" + _directory.File("store.db") + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM settings ORDER BY name;";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private void Execute(string sql)
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection("Data Source=" + _directory.File("store.db") + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A provider from outside (a KMS) that records its disposal.</summary>
    private sealed class DisposableKeys(KeyRing ring) : IKeyEncryptionKeyProvider, IDisposable
    {
        public bool Disposed { get; private set; }

        public IKeyEncryptionKey PrimaryKey => ring.PrimaryKey;

        public IReadOnlyList<IKeyEncryptionKey> Keys => ring.Keys;

        public IKeyEncryptionKey? FindKey(string keyId) => ring.FindKey(keyId);

        public void Dispose() => Disposed = true;
    }
}
