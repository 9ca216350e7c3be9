using System.Security.Cryptography;
using Credentials.Storage.Postgres.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Credentials.Storage.Postgres;

/// <summary>UsePostgres(IConfiguration): PostgreSQL from configuration alone, with messages that name the configuration keys.</summary>
public sealed class PostgresConfigurationTests
{
    private const string Password = "pw-that-must-never-show-51c2";

    [Fact]
    public async Task HostStart_MissingConnectionString_NamesTheConfigurationKey()
    {
        using var host = Build(new() { ["Credentials:Postgres:Schema"] = "credentials" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Credentials:Postgres:ConnectionString must be set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_BadSchemaAndConnectionString_NameBothKeysWithoutThePassword()
    {
        using var host = Build(new()
        {
            ["Credentials:Postgres:ConnectionString"] = "Host=db;Password=" + Password + ";Port=not-a-number",
            ["Credentials:Postgres:Schema"] = "Bad-Schema",
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Credentials:Postgres:ConnectionString is not a valid Npgsql connection string", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Credentials:Postgres:Schema must be", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UsePostgres_BindsEverySetting()
    {
        using var provider = Services(new()
        {
            ["Credentials:Postgres:ConnectionString"] = "Host=db.example.com;Database=app",
            ["Credentials:Postgres:Schema"] = "vault",
            ["Credentials:Postgres:ListenForChanges"] = "false",
        }).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PostgresStorageOptions>>().Value;

        Assert.Equal(("Host=db.example.com;Database=app", "vault", false), (options.ConnectionString, options.Schema, options.ListenForChanges));
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        var section = configuration.GetSection("Credentials");
        services.AddCredentials(section).UsePostgres(section.GetSection("Postgres")).UseMasterKey(RandomNumberGenerator.GetBytes(32));
        return services;
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        var section = builder.Configuration.GetSection("Credentials");
        builder.Services.AddCredentials(section).UsePostgres(section.GetSection("Postgres")).UseMasterKey(RandomNumberGenerator.GetBytes(32));
        return builder.Build();
    }
}

/// <summary>A host whose PostgreSQL store and key come from configuration alone.</summary>
[RequiresPostgres]
public sealed class PostgresConfigurationServerTests : IAsyncDisposable
{
    private readonly TestSchema _schema = new();

    [Fact]
    public async Task Host_FromConfigurationAlone_CreatesAndResolvesOnPostgres()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Credentials:Postgres:ConnectionString"] = TestSchema.ConnectionString,
            ["Credentials:Postgres:Schema"] = _schema.Name,
            ["Credentials:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        var section = builder.Configuration.GetSection("Credentials");
        builder.Services.AddCredentials(section).UsePostgres(section.GetSection("Postgres"));
        using var host = builder.Build();

        await host.StartAsync();
        await host.Services.GetRequiredService<ICredentialStore>().CreateAsync(new OrganizationId("acme"),
            new NewCredential("OpenAI", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken("sk-from-config")));

        Assert.Equal("sk-from-config", (await host.Services.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(new OrganizationId("acme"), "OPENAI_API_KEY")).Token);
        Assert.IsType<PostgresCredentialStorage>(host.Services.GetRequiredService<ICredentialStorage>());
        await host.StopAsync();
    }

    public ValueTask DisposeAsync() => _schema.DisposeAsync();
}
