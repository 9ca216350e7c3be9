using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Credentials.KeyManagement.DataProtection.Tests;

public sealed class DataProtectionKeyRingTests : IDisposable
{
    private static readonly OrganizationId Acme = new("acme");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-dp-").FullName;

    [Fact]
    public async Task ProtectKeysWithDataProtection_ReopensWithTheSameDataProtectionKeys_AndRotates()
    {
        using (var first = Build("dp-keys"))
        {
            await first.GetRequiredService<ICredentialStore>().CreateAsync(Acme, Token());
            var keys = first.GetRequiredService<ICredentialKeyManager>();
            await keys.RotateAsync();
            Assert.Equal(1, (await keys.RewrapAsync()).Rewrapped);
        }

        using var second = Build("dp-keys");
        var resolved = await second.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY");
        Assert.Equal("sk-dp-0123456789abcdef", resolved.Token);
        var listed = await second.GetRequiredService<ICredentialKeyManager>().ListKeysAsync();
        Assert.Equal(2, listed.Count);
        Assert.Equal(1, listed.Single(k => k.IsPrimary).WrappedCount);
        Assert.False(File.Exists(Path.Combine(_directory, "credentials.key")));
    }

    [Fact]
    public async Task ProtectKeysWithDataProtection_OtherDataProtectionKeys_RefuseToStart()
    {
        using (var first = Build("dp-keys"))
        {
            await first.GetRequiredService<ICredentialStore>().CreateAsync(Acme, Token());
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        Configure(builder.Services, "other-dp-keys");
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => host.StartAsync());

        Assert.Contains("data-protection", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProtectKeysWithDataProtection_WithoutAddDataProtection_FailsAtStartSayingWhatToAdd()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        builder.Services.AddCredentials().UseSqlite("Data Source=" + Path.Combine(_directory, "store.db")).ProtectKeysWithDataProtection();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<CredentialException>(() => host.StartAsync());

        Assert.Contains("AddDataProtection", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialsCore_DoesNotDependOnAspNetCore() =>
        Assert.DoesNotContain(
            typeof(ICredentialStore).Assembly.GetReferencedAssemblies(),
            a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));

    private ServiceProvider Build(string dataProtectionKeys)
    {
        var services = new ServiceCollection().AddLogging();
        Configure(services, dataProtectionKeys);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private void Configure(IServiceCollection services, string dataProtectionKeys)
    {
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(_directory, dataProtectionKeys)))
            .SetApplicationName("credentials-tests");
        services.AddCredentials()
            .UseSqlite("Data Source=" + Path.Combine(_directory, "store.db"))
            .ProtectKeysWithDataProtection();
    }

    private static NewCredential Token() => new("OpenAI", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken("sk-dp-0123456789abcdef"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
