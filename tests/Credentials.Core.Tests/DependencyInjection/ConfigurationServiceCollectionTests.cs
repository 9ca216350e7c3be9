using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Credentials.Tests.DependencyInjection;

/// <summary><c>AddCredentials(IConfiguration)</c>: a host configured by appsettings.json alone, and start-up messages that name configuration keys.</summary>
public sealed class ConfigurationServiceCollectionTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-config-");

    [Fact]
    public async Task Host_FromAppSettingsJsonAlone_CreatesAndResolves()
    {
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(_directory.File("appsettings.json"), $$"""
            {
              "Credentials": {
                "Sqlite": { "ConnectionString": "Data Source=data/vault.db" },
                "MasterKey": "{{masterKey}}",
                "MaxPageSize": 100,
                "DeletedRetention": "7.00:00:00"
              }
            }
            """);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory.Path, Args = [] });
        builder.Services.AddCredentials(builder.Configuration.GetSection("Credentials"));
        using (var host = builder.Build())
        {
            await host.StartAsync();
            await host.Services.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token("OPENAI_API_KEY", "sk-from-appsettings"));
            var token = await host.Services.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI_API_KEY");
            var options = host.Services.GetRequiredService<IOptions<CredentialsOptions>>().Value;
            await host.StopAsync();

            Assert.Equal("sk-from-appsettings", token.Token);
            Assert.Equal(100, options.MaxPageSize);
            Assert.Equal(TimeSpan.FromDays(7), options.DeletedRetention);
        }

        Assert.True(File.Exists(_directory.File("data/vault.db")));
        Assert.False(File.Exists(_directory.File("credentials.key")));

        // The same settings open the same store again: the key came from configuration, not from a file.
        using var again = Build(new() { ["Credentials:Sqlite:ConnectionString"] = "Data Source=" + _directory.File("data/vault.db"), ["Credentials:MasterKey"] = masterKey });
        await again.StartAsync();
        Assert.NotNull(await again.Services.GetRequiredService<ICredentialResolver>().TryResolveAsync(TestVault.Acme, "OPENAI_API_KEY"));
    }

    [Fact]
    public async Task Host_PassphraseFromConfiguration_OpensWhatItSealed()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Credentials:Sqlite:ConnectionString"] = "Data Source=" + _directory.File("pass.db"),
            ["Credentials:Passphrase"] = "correct horse battery staple",
        };
        using (var host = Build(settings))
        {
            await host.StartAsync();
            await host.Services.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());
        }

        using var again = Build(settings);
        await again.StartAsync();
        Assert.NotNull(await again.Services.GetRequiredService<ICredentialResolver>().TryResolveAsync(TestVault.Acme, "OPENAI_API_KEY"));
        Assert.False(File.Exists(_directory.File("credentials.key")));
    }

    [Fact]
    public async Task Host_KeyFileFromConfiguration_IsCreatedThere()
    {
        using var host = Build(new()
        {
            ["Credentials:Sqlite:ConnectionString"] = "Data Source=" + _directory.File("file.db"),
            ["Credentials:KeyFile"] = _directory.File("keys/app.key"),
        });
        Directory.CreateDirectory(_directory.File("keys"));

        await host.StartAsync();

        Assert.True(File.Exists(_directory.File("keys/app.key")));
    }

    [Fact]
    public async Task HostStart_BadSettings_NameEveryConfigurationKeyAndNeverTheKeyItself()
    {
        using var host = Build(new()
        {
            ["Credentials:MaxPageSize"] = "0",
            ["Credentials:MasterKey"] = "not*base64*at*all",
            ["Credentials:Sqlite:ConnectionString"] = "Data Source=" + _directory.File("bad.db"),
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Credentials:MasterKey is not valid base64", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not*base64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_BadPageSize_NamesTheConfigurationKey()
    {
        using var host = Build(new() { ["Credentials:MaxPageSize"] = "0", ["Credentials:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Credentials:MaxPageSize must be from 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_MasterKeyOfWrongLength_SaysHowManyBytes()
    {
        using var host = Build(new() { ["Credentials:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Credentials:MasterKey must be the base64 of 32 bytes (256 bits); it decodes to 16 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_TwoKeySettings_AsksForOne()
    {
        using var host = Build(new()
        {
            ["Credentials:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Credentials:Passphrase"] = "correct horse battery staple",
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Set only one of Credentials:MasterKey, Credentials:Passphrase and Credentials:KeyFile", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("horse", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_ShortPassphrase_NamesTheKeyAndNotThePassphrase()
    {
        using var host = Build(new() { ["Credentials:Passphrase"] = "hunter2" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Credentials:Passphrase is refused: The passphrase must have at least 12 characters", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_BadSqliteConnectionString_NamesTheConfigurationKey()
    {
        using var host = Build(new() { ["Credentials:Sqlite:ConnectionString"] = "Data Source", ["Credentials:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Credentials:Sqlite:ConnectionString is not a valid SQLite connection string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_PostgresSectionWithoutUsePostgres_RefusesToFallBackToSqlite()
    {
        using var host = Build(new()
        {
            ["Credentials:Postgres:ConnectionString"] = "Host=db.example.com;Database=app;Username=app;Password=pw",
            ["Credentials:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Credentials:Postgres is set, but the vault keeps credentials in SQLite", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=pw", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("credentials.db")));
    }

    [Fact]
    public async Task AddCredentials_VerbsAfterTheSection_Override()
    {
        var services = new ServiceCollection();
        services.AddCredentials(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MaxPageSize"] = "100",
            ["Passphrase"] = "correct horse battery staple",
        }).Build()).UseInMemoryStorage().UseMasterKey(RandomNumberGenerator.GetBytes(32));
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());

        Assert.Equal(100, provider.GetRequiredService<IOptions<CredentialsOptions>>().Value.MaxPageSize);
        Assert.IsNotType<InMemoryCredentialStorage>(provider.GetRequiredService<IKeyEncryptionKeyProvider>());
        Assert.Contains("MasterKeyProvider", provider.GetRequiredService<IKeyEncryptionKeyProvider>().GetType().Name, StringComparison.Ordinal);
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory.Path });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCredentials(builder.Configuration.GetSection("Credentials"));
        return builder.Build();
    }

    public void Dispose() => _directory.Dispose();
}
