using System.Security.Cryptography;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Tests.DependencyInjection;

public sealed class ServiceCollectionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-di-").FullName;

    [Fact]
    public void AddCredentials_EveryRegisteredService_ResolvesWithScopeValidation()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(RandomNumberGenerator.GetBytes(32));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        foreach (var descriptor in services.Where(d => !d.ServiceType.IsGenericTypeDefinition))
        {
            Assert.NotNull(provider.GetService(descriptor.ServiceType));
        }

        Assert.Same(provider.GetRequiredService<ICredentialStore>(), provider.GetRequiredService<ICredentialStore>());
    }

    [Fact]
    public void AddCredentials_UserRegistrations_AreNotReplaced()
    {
        var storage = new InMemoryCredentialStorage();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<ICredentialStorage>(storage);
        services.AddSingleton<TimeProvider>(time);
        services.AddCredentials();
        using var provider = services.BuildServiceProvider();

        Assert.Same(storage, provider.GetRequiredService<ICredentialStorage>());
        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task AddCredentials_Alone_WorksOnSqliteAndKeyFileInContentRootAndWarns()
    {
        var logs = new ListLoggerProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        builder.Logging.AddProvider(logs);
        builder.Services.AddCredentials();
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var store = host.Services.GetRequiredService<ICredentialStore>();
            await store.CreateAsync(TestVault.Acme, TestVault.Token());
            Assert.Equal("sk-test-0123456789abcdef", (await host.Services.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI_API_KEY")).Token);
            await host.StopAsync();
        }

        Assert.True(File.Exists(Path.Combine(_directory, "credentials.db")));
        Assert.True(File.Exists(Path.Combine(_directory, "credentials.key")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "credentials.key")));
        }

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("development setting", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("sk-test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostStart_BadOption_FailsWithMessageNamingTheSetting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        builder.Services.AddCredentials(o => o.DefaultPageSize = 0).UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("DefaultPageSize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_EmptySqliteConnectionString_Fails()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        builder.Services.AddCredentials().UseSqlite(" ").UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ConnectionString", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_WrongMasterKeyForExistingStore_FailsBeforeAnyWrite()
    {
        var database = "Data Source=" + Path.Combine(_directory, "store.db");
        using (var first = new ServiceCollection().AddLogging().AddCredentials().UseSqlite(database).UseMasterKey(RandomNumberGenerator.GetBytes(32)).Services.BuildServiceProvider())
        {
            await first.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        builder.Services.AddCredentials().UseSqlite(database).UseMasterKey(RandomNumberGenerator.GetBytes(32));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => host.StartAsync());

        Assert.Contains("does not have", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCredentials_PlainServiceProviderWithoutLogging_Works()
    {
        var services = new ServiceCollection();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(RandomNumberGenerator.GetBytes(32));
        using var provider = services.BuildServiceProvider(validateScopes: true);

        await provider.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());

        Assert.NotNull(await provider.GetRequiredService<ICredentialResolver>().TryResolveAsync(TestVault.Acme, "OPENAI_API_KEY"));
    }

    [Fact]
    public void AddCredentialsCore_WithoutStorage_ResolvingTheVaultNamesTheFix()
    {
        var services = new ServiceCollection();
        services.AddCredentialsCore().UseMasterKey(RandomNumberGenerator.GetBytes(32));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICredentialStore>());

        Assert.Equal(
            "No credential storage is configured: call UseSqlite(...) or UsePostgres(...) (or UseInMemoryStorage() in tests), " +
            "or reference the `Credentials` package, whose AddCredentials() uses the embedded SQLite store.",
            ex.Message);
    }

    [Fact]
    public async Task AddCredentialsCore_WithoutStorage_HostStartFailsNamingTheFixAndWritesNothing()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        builder.Services.AddCredentialsCore().UseMasterKey(RandomNumberGenerator.GetBytes(32));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.StartsWith("No credential storage is configured: call UseSqlite(...) or UsePostgres(...)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("reference the `Credentials` package, whose AddCredentials() uses the embedded SQLite store", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public void AddCredentialsCore_WithAStorageVerb_EveryRegisteredServiceResolves()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCredentialsCore().UseInMemoryStorage().UseMasterKey(RandomNumberGenerator.GetBytes(32));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        foreach (var descriptor in services.Where(d => !d.ServiceType.IsGenericTypeDefinition))
        {
            Assert.NotNull(provider.GetService(descriptor.ServiceType));
        }

        Assert.IsType<InMemoryCredentialStorage>(provider.GetRequiredService<ICredentialStorage>());
    }

    [Fact]
    public void AddCredentialsCore_StorageTheHostRegisteredFirst_IsKept()
    {
        var storage = new InMemoryCredentialStorage();
        var services = new ServiceCollection();
        services.AddSingleton<ICredentialStorage>(storage);
        services.AddCredentialsCore();
        using var provider = services.BuildServiceProvider();

        Assert.Same(storage, provider.GetRequiredService<ICredentialStorage>());
    }

    [Fact]
    public void AddCredentials_OfTheCredentialsPackage_IsCoreWithTheSqliteDefault()
    {
        var core = new ServiceCollection();
        core.AddCredentialsCore();
        var embedded = new ServiceCollection();
        embedded.AddCredentials();

        // Every service Core registers is there, and the one storage is SQLite (not Core's placeholder), on credentials.db.
        Assert.Empty(core.Select(d => d.ServiceType).Except(embedded.Select(d => d.ServiceType)));
        var storage = Assert.Single(embedded, d => d.ServiceType == typeof(ICredentialStorage));
        Assert.Equal("SqliteStorageFactory", storage.ImplementationFactory?.Method.DeclaringType?.Name);
        using var provider = embedded.BuildServiceProvider();
        Assert.Equal("Data Source=credentials.db", provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.ConnectionString);
    }

    [Fact]
    public void CoreAssembly_ReferencesNoSqlite()
    {
        var references = typeof(ICredentialsBuilder).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => name.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) || name.StartsWith("SQLitePCL", StringComparison.Ordinal));
        Assert.Contains("Credentials.Storage.Abstractions", references);
    }

    [Fact]
    public void UseMasterKey_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCredentials().UseMasterKey(new byte[16]));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
