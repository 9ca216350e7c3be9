using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Npgsql;

namespace Credentials.Configuration.Tests;

/// <summary>
/// A store (a SQLite file in a temporary folder, or a schema of its own on the test PostgreSQL server) with a master key,
/// a "writer" vault that plays the application or another instance, and configurations read from the same store.
/// </summary>
internal sealed class ConfigurationTestStore : IAsyncDisposable
{
    public static readonly OrganizationId Acme = new("acme");
    public static readonly OrganizationId Globex = new("globex");

    private readonly List<IDisposable> _disposables = [];
    private readonly string? _directory;
    private readonly string? _schema;

    private ConfigurationTestStore(string? directory, string? schema, Action<ICredentialsBuilder> storage)
    {
        _directory = directory;
        _schema = schema;
        Storage = storage;
        var services = new ServiceCollection();
        var builder = services.AddCredentials();
        storage(builder);
        builder.UseMasterKey(MasterKey);
        Writer = services.BuildServiceProvider();
    }

    public string MasterKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Sets the storage on a builder (the same store for every vault of the test).</summary>
    public Action<ICredentialsBuilder> Storage { get; }

    /// <summary>The SQLite file (SQLite stores only).</summary>
    public string? DatabaseFile => _directory is null ? null : Path.Combine(_directory, "vault.db");

    /// <summary>The application's (or another instance's) vault on the same store.</summary>
    public ServiceProvider Writer { get; }

    public ICredentialStore Store => Writer.GetRequiredService<ICredentialStore>();

    /// <summary>Log lines of the configuration providers' private vaults.</summary>
    public ListLoggerProvider Logs { get; } = new();

    public static ConfigurationTestStore Sqlite(string? connectionStringExtra = null)
    {
        var directory = Directory.CreateTempSubdirectory("credentials-configuration-").FullName;
        var file = Path.Combine(directory, "vault.db");
        return new ConfigurationTestStore(directory, null, b => b.UseSqlite("Data Source=" + file + connectionStringExtra));
    }

    public static ConfigurationTestStore Postgres(string connectionString)
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        return new ConfigurationTestStore(null, schema, b => b.UsePostgres(connectionString, o => o.Schema = schema));
    }

    /// <summary>A configuration with the credentials of <paramref name="organization"/> (by default: poll settings left as they are).</summary>
    public IConfigurationRoot Configuration(
        Action<CredentialsConfigurationOptions>? options = null,
        OrganizationId? organization = null,
        Action<ICredentialsBuilder>? storage = null)
    {
        var root = new ConfigurationBuilder()
            .AddCredentials(
                organization ?? Acme,
                b =>
                {
                    (storage ?? Storage)(b);
                    b.UseMasterKey(MasterKey);
                    b.Services.AddLogging(l => l.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
                },
                options ?? (_ => { }))
            .Build();
        _disposables.Add((IDisposable)root);
        return root;
    }

    /// <summary>The provider inside a configuration.</summary>
    public static CredentialsConfigurationProvider ProviderOf(IConfigurationRoot root) =>
        root.Providers.OfType<CredentialsConfigurationProvider>().Single();

    /// <summary>Counts the configuration's change notifications.</summary>
    public static Func<int> CountChanges(IConfiguration configuration)
    {
        var count = 0;
        ChangeToken.OnChange(configuration.GetReloadToken, () => Interlocked.Increment(ref count));
        return () => Volatile.Read(ref count);
    }

    public async Task<CredentialView> SetTokenAsync(string key, string token, OrganizationId? organization = null)
    {
        var org = organization ?? Acme;
        var existing = await Store.GetByKeyAsync(org, key);
        return existing is null
            ? await Store.CreateAsync(org, new NewCredential(key, key, CredentialCategory.Custom, new ApiToken(token)))
            : await Store.UpdateAsync(org, existing.Id, new CredentialUpdate { Secret = new ApiToken(token) });
    }

    /// <summary>Writes the token from another OS process (SQLite stores); returns when that process has committed.</summary>
    public async Task SetTokenFromAnotherProcessAsync(string key, string token)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "Credentials.VaultWriterHost.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { host, DatabaseFile!, Acme.Value, key, token })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CREDENTIALS_MASTER_KEY"] = MasterKey;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(output == "committed", $"the writer process said '{output}', exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {await error}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds; returns how long it took, or null after <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan?> WithinAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
            {
                return clock.Elapsed;
            }

            await Task.Delay(10);
        }

        return condition() ? clock.Elapsed : null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        await Writer.DisposeAsync();
        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A child process may still be letting go of a file; the OS temp folder is cleaned anyway.
            }
        }

        if (_schema is not null && Environment.GetEnvironmentVariable("CREDENTIALS_TEST_POSTGRES") is { Length: > 0 } server)
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
