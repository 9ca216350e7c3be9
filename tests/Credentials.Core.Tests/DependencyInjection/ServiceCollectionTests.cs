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
    public void UseMasterKey_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCredentials().UseMasterKey(new byte[16]));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
