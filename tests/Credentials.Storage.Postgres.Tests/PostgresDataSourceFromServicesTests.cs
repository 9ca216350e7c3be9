using System.Security.Cryptography;
using Credentials.Storage.Postgres.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary><c>UsePostgres()</c> on the host's own <see cref="NpgsqlDataSource"/>, end to end on the test server.</summary>
[RequiresPostgres]
public sealed class PostgresDataSourceFromServicesTests : IAsyncLifetime
{
    private readonly TestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();

    [Fact]
    public async Task Host_WithItsDataSource_StartsStoresResolvesAndLeavesTheDataSourceOpen()
    {
        await using var dataSource = NpgsqlDataSource.Create(TestSchema.ConnectionString);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddCredentialsCore().UsePostgres(o => o.Schema = _schema.Name).UseMasterKey(RandomNumberGenerator.GetBytes(32));
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var org = new OrganizationId("acme");
            await host.Services.GetRequiredService<ICredentialStore>()
                .CreateAsync(org, new NewCredential("OpenAI", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken("sk-host-data-source-01")));
            Assert.Equal("sk-host-data-source-01", (await host.Services.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(org, "OPENAI_API_KEY")).Token);
            await host.StopAsync();
        }

        // The vault used the host's pool and did not dispose it.
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM \"{_schema.Name}\".credentials");
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task StoredBytes_HoldNoSecretInPlainText()
    {
        const string secret = "sk-SECRET-MARKER-4b1d9c0e7a";
        await using var vault = PostgresVault.Start(_schema.Name, v => v.UseMasterKey(RandomNumberGenerator.GetBytes(32)));
        await vault.Store.CreateAsync(new OrganizationId("acme"), new NewCredential("OpenAI", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken(secret)));

        var dump = (string?)await TestSchema.ScalarAsync(
            $"SELECT string_agg(encode(convert_to(c::text, 'UTF8'), 'escape') || encode(c.sealed, 'escape'), '|') FROM \"{_schema.Name}\".credentials AS c");

        Assert.NotNull(dump);
        Assert.Contains("OPENAI_API_KEY", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-MARKER", dump, StringComparison.Ordinal);
        Assert.Equal(secret, (await vault.Resolver.ResolveAsync<ApiToken>(new OrganizationId("acme"), "OPENAI_API_KEY")).Token);
    }
}
