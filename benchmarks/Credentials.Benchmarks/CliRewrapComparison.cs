using System.Diagnostics;
using Credentials;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Benchmarks;

/// <summary>
/// Helpers for benchmarks/cli-rewrap.sh, which compares <c>credentials keys rewrap</c> (the tool, as a process) with the
/// library's <see cref="ICredentialKeyManager.RewrapAsync"/> in the same minute:
/// <c>fill DB KEYFILE COUNT</c> makes a SQLite store of COUNT credentials under one key (BenchmarkData.FillVault), and
/// <c>rewrap DB KEYFILE</c> rotates and rewraps it through the library, printing credentials per second.
/// </summary>
internal static class CliRewrapComparison
{
    private static readonly string[] Orgs = ["acme", "globex", "initech"];

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args)
        {
            case ["fill", var database, var keyFile, var count]:
                using (var provider = Build(database, keyFile))
                {
                    await provider.GetRequiredService<ICredentialKeyManager>().ListKeysAsync();
                    BenchmarkData.FillVault(database, provider.GetRequiredService<CredentialSealer>(), int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), Orgs);
                }

                Checkpoint(database);
                Console.WriteLine($"filled {database} with {count} credentials");
                return 0;
            case ["rewrap", var database, var keyFile]:
                using (var provider = Build(database, keyFile))
                {
                    var keys = provider.GetRequiredService<ICredentialKeyManager>();
                    await keys.ListKeysAsync();
                    await keys.RotateAsync();
                    var clock = Stopwatch.StartNew();
                    var result = await keys.RewrapAsync();
                    clock.Stop();
                    Console.WriteLine(FormattableString.Invariant(
                        $"library: rewrapped {result.Rewrapped:N0} in {result.Duration.TotalSeconds:N2} s ({result.Rewrapped / result.Duration.TotalSeconds:N0}/s), remaining {result.Remaining}"));
                    return result.Remaining == 0 ? 0 : 1;
                }

            default:
                Console.Error.WriteLine("usage: fill DB KEYFILE COUNT | rewrap DB KEYFILE");
                return 2;
        }
    }

    private static ServiceProvider Build(string database, string keyFile)
    {
        var services = new ServiceCollection();
        services.AddCredentials().UseSqlite("Data Source=" + database).UseKeyFile(keyFile);
        return services.BuildServiceProvider();
    }

    private static void Checkpoint(string database)
    {
        using (var connection = new SqliteConnection("Data Source=" + database))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
    }
}
