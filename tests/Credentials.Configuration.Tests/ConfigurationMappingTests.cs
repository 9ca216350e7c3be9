using Credentials.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Credentials.Configuration.Tests.ConfigurationTestStore;

namespace Credentials.Configuration.Tests;

/// <summary>What the configuration holds: the mapping of each type, the organization's shared credentials only, prefixes.</summary>
public sealed class ConfigurationMappingTests : IAsyncLifetime
{
    private readonly ConfigurationTestStore _store = Sqlite();

    [Fact]
    public async Task Load_EveryType_MapsAsDocumented()
    {
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-config-1");
        await _store.Store.CreateAsync(Acme, new NewCredential("AWS", "AWS_CREDENTIALS", CredentialCategory.Runtime, new KeyPair("AKIAKEY", "aws-secret")));
        await _store.Store.CreateAsync(Acme, new NewCredential("Login", "LOGIN", CredentialCategory.Runtime, new UsernamePassword("me", "pw")));
        await _store.Store.CreateAsync(Acme, new NewCredential("Mail", "MAIL", CredentialCategory.Communication,
            new Smtp("smtp.example.com", 587, "mailer", "mail-pw", SmtpEncryption.StartTls)));
        await _store.Store.CreateAsync(Acme, new NewCredential("Json", "SERVICE_JSON", CredentialCategory.Custom,
            Custom.Parse("""{"client_email":"bot@example.com","nested":{"a":1,"list":[true,"b"]}}""")));

        var configuration = _store.Configuration();

        Assert.Equal("sk-config-1", configuration["OPENAI_API_KEY"]);
        Assert.Equal("AKIAKEY", configuration["AWS_CREDENTIALS:api_key"]);
        Assert.Equal("aws-secret", configuration["AWS_CREDENTIALS:api_secret"]);
        Assert.Null(configuration["AWS_CREDENTIALS"]);
        Assert.Equal(["api_key", "api_secret"], configuration.GetSection("AWS_CREDENTIALS").GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal(("me", "pw"), (configuration["LOGIN:username"], configuration["LOGIN:password"]));
        Assert.Equal(("smtp.example.com", "587", "starttls"), (configuration["MAIL:host"], configuration["MAIL:port"], configuration["MAIL:encryption"]));
        Assert.Equal("bot@example.com", configuration["SERVICE_JSON:client_email"]);
        Assert.Equal("1", configuration["SERVICE_JSON:nested:a"]);
        Assert.Equal(("True", "b"), (configuration["SERVICE_JSON:nested:list:0"], configuration["SERVICE_JSON:nested:list:1"]));
        Assert.Equal("sk-config-1", configuration["openai_api_key"]);
    }

    [Fact]
    public async Task Load_OnlyTheOrganizationsSharedCredentials()
    {
        await _store.SetTokenAsync("SHARED", "acme-shared");
        await _store.SetTokenAsync("OTHER_ORG", "globex-value", Globex);
        await _store.Store.CreateAsync(new CredentialContext(Acme, "alice"),
            new NewCredential("Mine", "PERSONAL", CredentialCategory.Custom, new ApiToken("alice-value")) { OwnerUserId = "alice" });

        var configuration = _store.Configuration();

        Assert.Equal("acme-shared", configuration["SHARED"]);
        Assert.Null(configuration["OTHER_ORG"]);
        Assert.Null(configuration["PERSONAL"]);
        Assert.Single(configuration.AsEnumerable());
    }

    [Fact]
    public async Task Load_KeyPrefixAndSection_FilterStripAndNest()
    {
        await _store.SetTokenAsync("MYAPP_OPENAI_API_KEY", "sk-app");
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-not-mine");
        await _store.SetTokenAsync("MYAPP_", "empty-after-prefix");

        var configuration = _store.Configuration(o =>
        {
            o.KeyPrefix = "MYAPP_";
            o.SectionName = "Secrets";
        });

        Assert.Equal("sk-app", configuration["Secrets:OPENAI_API_KEY"]);
        Assert.Equal(["Secrets", "Secrets:OPENAI_API_KEY"], configuration.AsEnumerable().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Load_DamagedCredential_IsLeftOutAndTheOthersLoad()
    {
        var damaged = await _store.SetTokenAsync("DAMAGED", "will-not-open");
        await _store.SetTokenAsync("FINE", "fine-value");
        var storage = _store.Writer.GetRequiredService<ICredentialStorage>();
        var record = await storage.FindByIdAsync(Acme.Value, damaged.Id.Value) ?? throw new InvalidOperationException("missing");
        var bytes = record.SealedSecret.ToArray();
        bytes[^1] ^= 1;
        Assert.Equal(StorageWriteResult.Success, await storage.UpdateAsync(record with { SealedSecret = bytes }, record.Metadata.Version));

        var configuration = _store.Configuration();

        Assert.Equal("fine-value", configuration["FINE"]);
        Assert.Null(configuration["DAMAGED"]);
        Assert.Contains(_store.Logs.Entries, e => e.Event == "ConfigurationCredentialSkipped" && e.Message.Contains("DAMAGED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RootReload_WithoutReloadOnChange_RefreshesNow()
    {
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-before");
        var configuration = _store.Configuration(o => o.ReloadOnChange = false);
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-after");
        await Task.Delay(300);
        Assert.Equal("sk-before", configuration["OPENAI_API_KEY"]);

        configuration.Reload();

        Assert.Equal("sk-after", configuration["OPENAI_API_KEY"]);
    }

    [Fact]
    public void Build_StoreCannotBeOpened_FailsUnlessOptional()
    {
        Action<ICredentialsBuilder> unreachable = b => b.UseSqlite("Data Source=/proc/no-such-folder/vault.db");

        Assert.ThrowsAny<CredentialStorageException>(() => _store.Configuration(storage: unreachable));
        var optional = _store.Configuration(o => o.Optional = true, storage: unreachable);

        Assert.Empty(optional.AsEnumerable());
        Assert.Contains(_store.Logs.Entries, e => e.Event == "ConfigurationLoadFailed");
    }

    [Fact]
    public async Task Logs_NeverHoldAValue()
    {
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-never-logged-8d1e");
        var configuration = _store.Configuration(o => o.PollInterval = TimeSpan.FromMilliseconds(50));
        await _store.SetTokenAsync("OPENAI_API_KEY", "sk-never-logged-2b7c");
        Assert.NotNull(await WithinAsync(() => configuration["OPENAI_API_KEY"] == "sk-never-logged-2b7c", TimeSpan.FromSeconds(5)));

        Assert.NotEmpty(_store.Logs.Entries);
        Assert.DoesNotContain(_store.Logs.Entries, e => e.Message.Contains("sk-never-logged", StringComparison.Ordinal));
    }

    [Fact]
    public void AddCredentials_BadOptions_Throw()
    {
        var builder = new ConfigurationBuilder();

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddCredentials(Acme, _ => { }, o => o.PollInterval = TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => builder.AddCredentials(Acme, _ => { }, o => o.SectionName = ":bad"));
        Assert.Throws<ArgumentException>(() => builder.AddCredentials(default, _ => { }));
        Assert.Empty(builder.Sources);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();
}
