using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Credentials.Tests.KeyManagement;

public sealed class PassphraseTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-passphrase-");

    [Fact]
    public void Argon2id_Rfc9106Section5_3_TestVector()
    {
        var tag = new byte[32];

        Argon2idKdf.Derive(
            Enumerable.Repeat((byte)0x01, 32).ToArray(),
            Enumerable.Repeat((byte)0x02, 16).ToArray(),
            memoryKib: 32,
            iterations: 3,
            parallelism: 4,
            tag,
            secret: Enumerable.Repeat((byte)0x03, 8).ToArray(),
            associatedData: Enumerable.Repeat((byte)0x04, 12).ToArray());

        Assert.Equal("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", Convert.ToHexStringLower(tag));
    }

    [Fact]
    public void PassphraseOptions_Defaults_AreRfc9106SecondRecommendedOption()
    {
        var options = new PassphraseOptions();

        Assert.Equal(64 * 1024, options.MemorySizeKib);
        Assert.Equal(3, options.Iterations);
        Assert.Equal(4, options.Parallelism);
    }

    [Fact]
    public async Task UsePassphrase_StoresSaltAndCostsWithTheRing_AndReopensWithTheSamePassphrase()
    {
        using (var first = Open("correct horse battery staple"))
        {
            await first.Store.CreateAsync(TestVault.Acme, TestVault.Token());
            var header = System.Text.Json.JsonDocument.Parse((await first.Storage.GetSettingAsync(StoredKeyRingProvider.HeaderSetting))!).RootElement;
            Assert.Equal("passphrase", header.GetProperty("protection").GetString());
            var kdf = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(header.GetProperty("parameters").GetString()!)).RootElement;
            Assert.Equal("argon2id", kdf.GetProperty("algorithm").GetString());
            Assert.Equal(64, kdf.GetProperty("memory_kib").GetInt32());
            Assert.Equal(16, Convert.FromBase64String(kdf.GetProperty("salt").GetString()!).Length);
        }

        using var second = Open("correct horse battery staple");
        Assert.Equal("sk-test-0123456789abcdef", (await second.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI_API_KEY")).Token);
        Assert.False(File.Exists(_directory.File("credentials.key")));
    }

    [Fact]
    public async Task UsePassphrase_WrongPassphrase_RefusesToStartWithAClearMessage()
    {
        using (var first = Open("the right one"))
        {
            await first.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory.Path });
        builder.Services.AddCredentials().UseSqlite("Data Source=" + _directory.File("store.db")).UsePassphrase("the wrong one", Cheap);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => host.StartAsync());

        Assert.Contains("wrong passphrase", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the wrong one", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsePassphrase_RotateRewrapRetire_SurvivesARestart()
    {
        string oldId, newId;
        using (var store = Open("a test passphrase"))
        {
            await store.CreateTokensAsync(6);
            oldId = Assert.Single(await store.Keys.ListKeysAsync()).Id;
            newId = (await store.Keys.RotateAsync()).Id;
            Assert.Equal(6, (await store.Keys.RewrapAsync()).Rewrapped);
            await store.Keys.RetireAsync(oldId);
        }

        using var reopened = Open("a test passphrase");
        var keys = await reopened.Keys.ListKeysAsync();
        Assert.Equal([oldId, newId], keys.Select(k => k.Id));
        Assert.True(keys[0].IsRetired);
        Assert.True(keys[1].IsPrimary);
        Assert.Equal(6, keys[1].WrappedCount);
        Assert.Equal(KeyFileStore.TokenFor("KEY", 5), (await reopened.Resolver.ResolveAsync<ApiToken>(KeyFileStore.OrgOf(5), "KEY_5")).Token);
    }

    [Fact]
    public async Task UsePassphrase_OnAStoreSealedByAKeyFile_RefusesAndWritesNoRing()
    {
        using (var keyFile = KeyFileStore.Open(_directory))
        {
            await keyFile.CreateTokensAsync(2);
        }

        using var store = Open("a test passphrase");

        var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => store.Store.ListAsync(TestVault.Acme));
        Assert.Contains("2 credential(s)", ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.Storage.GetSettingAsync(StoredKeyRingProvider.HeaderSetting));
    }

    [Fact]
    public async Task StoredRing_OtherProtectionConfigured_RefusesNamingTheStoredOne()
    {
        using (var first = Open("a test passphrase"))
        {
            await first.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        }

        using var other = KeyFileStore.Open(_directory, b => b.ProtectKeysWith(_ => new NamedProtection("my-kms")));

        var ex = await Assert.ThrowsAsync<CredentialException>(() => other.Store.ListAsync(TestVault.Acme));
        Assert.Contains("'passphrase'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'my-kms'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredRing_TamperedEntry_RefusesToStart()
    {
        using (var first = Open("a test passphrase"))
        {
            await first.Store.CreateAsync(TestVault.Acme, TestVault.Token());
            await first.Keys.RotateAsync();
        }

        // Swap entries 1 and 2: each is bound to its number, so the ring no longer opens.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _directory.File("store.db")))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                "UPDATE settings SET name = 'tmp' WHERE name = 'key-ring/key/1'; UPDATE settings SET name = 'key-ring/key/1' WHERE name = 'key-ring/key/2'; UPDATE settings SET name = 'key-ring/key/2' WHERE name = 'tmp';";
            command.ExecuteNonQuery();
        }

        using var reopened = Open("a test passphrase");
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => reopened.Store.ListAsync(TestVault.Acme));
    }

    [Fact]
    public async Task HostStart_BadPassphraseOptions_FailsNamingTheSetting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory.Path });
        builder.Services.AddCredentials().UseInMemoryStorage().UsePassphrase("a test passphrase", o => o.Iterations = 0);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Iterations", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsePassphrase_StoredCostsBelowTheConfiguredOnes_AreRefused()
    {
        // Someone with write access to an empty database plants a ring header with cheap costs (security finding 8).
        using (var planted = KeyFileStore.Open(_directory, b => b.UsePassphrase("a test passphrase", o =>
               {
                   o.MemorySizeKib = 8;
                   o.Iterations = 1;
                   o.Parallelism = 1;
               })))
        {
            await planted.Keys.ListKeysAsync();
        }

        using var store = Open("a test passphrase");
        var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => store.Store.CreateAsync(TestVault.Acme, TestVault.Token()));

        Assert.Contains("below the configured ones", ex.Message, StringComparison.Ordinal);
        Assert.Contains("memory 8 KiB", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await store.Storage.CountByKeyIdAsync());
    }

    [Fact]
    public async Task UsePassphrase_StoredCostsAboveTheConfiguredOnes_AreUsed()
    {
        using (var first = KeyFileStore.Open(_directory, b => b.UsePassphrase("a test passphrase", o =>
               {
                   Cheap(o);
                   o.Iterations = 2;
               })))
        {
            await first.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        }

        using var second = Open("a test passphrase");
        Assert.Equal("sk-test-0123456789abcdef", (await second.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI_API_KEY")).Token);
    }

    [Fact]
    public void UsePassphrase_Empty_Throws() =>
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCredentials().UsePassphrase(string.Empty));

    // RFC 9106 costs take ~0.5 s per start; the tests use the smallest legal ones (the vector test covers the algorithm).
    internal static void Cheap(PassphraseOptions o)
    {
        o.MemorySizeKib = 64;
        o.Iterations = 1;
        o.Parallelism = 1;
    }

    private KeyFileStore Open(string passphrase) => KeyFileStore.Open(_directory, b => b.UsePassphrase(passphrase, Cheap));

    public void Dispose() => _directory.Dispose();

    private sealed class NamedProtection(string name) : IKeyRingProtection
    {
        public string Name => name;

        public byte[] CreateParameters() => [];

        public Task<IKeyEncryptionKey> OpenAsync(byte[] parameters, CancellationToken cancellationToken = default) =>
            Task.FromResult<IKeyEncryptionKey>(new AesGcmKeyEncryptionKey("ring", new byte[32]));
    }
}
