using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>UsePostgres's wiring and start-up validation. None of these needs a server.</summary>
public sealed class PostgresOptionsTests
{
    private const string Password = "pw-that-must-never-show-7f3a";

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task HostStart_EmptyConnectionString_FailsNamingTheSetting(string connectionString)
    {
        var ex = await StartFailsAsync(v => v.UsePostgres(connectionString));

        Assert.Contains("PostgresStorageOptions.ConnectionString must be set", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Password=" + Password + ";Port=not-a-number")]
    [InlineData("Host=db;Password=" + Password + ";Unknown Keyword=1")]
    [InlineData("Host=db;Password=abc;" + Password + ";Database=x")]
    public async Task HostStart_UnparseableConnectionString_FailsWithoutShowingIt(string connectionString)
    {
        var ex = await StartFailsAsync(v => v.UsePostgres(connectionString));

        Assert.Contains("not a valid Npgsql connection string", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_ConnectionStringWithoutHost_FailsAskingForHost()
    {
        var ex = await StartFailsAsync(v => v.UsePostgres("Database=app;Username=app;Password=" + Password));

        Assert.Contains("Host=", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Credentials")]
    [InlineData("my-schema")]
    [InlineData("")]
    public async Task HostStart_InvalidSchema_FailsNamingTheRule(string schema)
    {
        var ex = await StartFailsAsync(v => v.UsePostgres("Host=db", o => o.Schema = schema));

        Assert.Contains("PostgresStorageOptions.Schema", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_SeveralProblems_ListsThemAllInOneMessage()
    {
        var ex = await StartFailsAsync(v => v.UsePostgres("", o => o.Schema = "Bad"));

        Assert.Contains("ConnectionString", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Schema", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_DataSourceFromServicesButNoneRegistered_FailsSayingWhatToRegister()
    {
        var ex = await StartFailsAsync(v => v.UsePostgres());

        Assert.Contains("NpgsqlDataSource", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UsePostgres", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_UnreachableServer_FailsWithoutShowingThePassword()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCredentialsCore().UsePostgres($"Host=127.0.0.1;Port=1;Username=app;Password={Password};Timeout=3").UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UsePostgres_EveryRegisteredService_ResolvesWithScopeValidation()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCredentialsCore().UsePostgres("Host=127.0.0.1;Port=1;Username=app;Password=x").UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        foreach (var descriptor in services.Where(d => !d.ServiceType.IsGenericTypeDefinition))
        {
            Assert.NotNull(provider.GetService(descriptor.ServiceType));
        }

        var storage = Assert.IsType<PostgresCredentialStorage>(provider.GetRequiredService<ICredentialStorage>());
        Assert.Equal(PostgresStorageOptions.DefaultSchema, storage.Schema);
        Assert.True(storage.ListenForChanges);
    }

    [Fact]
    public void UsePostgres_WithoutConnectionString_UsesTheHostsDataSourceAndOptions()
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=app;Password=x");
        var services = new ServiceCollection().AddLogging().AddSingleton(dataSource);
        services.AddCredentialsCore().UsePostgres(o =>
        {
            o.Schema = "tenant_vault";
            o.ListenForChanges = false;
        }).UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var provider = services.BuildServiceProvider();

        var storage = Assert.IsType<PostgresCredentialStorage>(provider.GetRequiredService<ICredentialStorage>());

        Assert.Same(dataSource, storage.DataSource);
        Assert.Equal("tenant_vault", storage.Schema);
        Assert.False(storage.ListenForChanges);
    }

    [Fact]
    public void UsePostgres_LastVerbWins_ConnectionStringAfterDataSource()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCredentialsCore().UsePostgres().UsePostgres("Host=127.0.0.1;Port=1").UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var provider = services.BuildServiceProvider();

        var storage = Assert.IsType<PostgresCredentialStorage>(provider.GetRequiredService<ICredentialStorage>());

        Assert.Equal("127.0.0.1", new NpgsqlConnectionStringBuilder(storage.DataSource.ConnectionString).Host);
    }

    [Fact]
    public async Task OwnDataSource_PreparesStatementsAndSkipsTheReset_UnlessTheConnectionStringSaysOtherwise()
    {
        await using var defaults = new PostgresCredentialStorage("Host=127.0.0.1;Port=1");
        await using var explicitOnes = new PostgresCredentialStorage("Host=127.0.0.1;Port=1;Max Auto Prepare=0;No Reset On Close=false");

        var chosen = new NpgsqlConnectionStringBuilder(defaults.DataSource.ConnectionString);
        var kept = new NpgsqlConnectionStringBuilder(explicitOnes.DataSource.ConnectionString);

        Assert.Equal((32, true), (chosen.MaxAutoPrepare, chosen.NoResetOnClose));
        Assert.Equal((0, false), (kept.MaxAutoPrepare, kept.NoResetOnClose));
    }

    private static async Task<OptionsValidationException> StartFailsAsync(Action<ICredentialsBuilder> storage)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var credentials = builder.Services.AddCredentialsCore();
        storage(credentials);
        credentials.UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var host = builder.Build();
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }
}
