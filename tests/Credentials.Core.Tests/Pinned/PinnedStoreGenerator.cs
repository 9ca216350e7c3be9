using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Pinned;

/// <summary>
/// Wrote <c>schema2-passphrase-store.db</c> once, with the library as it was before the retired-key fence and the stored
/// ring's version 2 (commit 79e6e4f: SQLite schema 2, ring entries of version 1, a retirement as the setting
/// <c>key-retired/&lt;id&gt;</c>). Runs only when CREDENTIALS_PIN_DIR is set; running it again would overwrite the pin,
/// which defeats it.
/// </summary>
public sealed class PinnedStoreGenerator
{
    public const string Passphrase = "the pinned store's passphrase (tests only)";

    [SkippableFact]
    public async Task Generate()
    {
        var folder = Environment.GetEnvironmentVariable("CREDENTIALS_PIN_DIR");
        Skip.If(folder is null, "Generates the pinned schema-2 store; run once by hand (set CREDENTIALS_PIN_DIR), never to fix a failing test.");
        var path = Path.Combine(folder!, "schema2-passphrase-store.db");
        var services = new ServiceCollection();
        services.AddCredentials().UseSqlite("Data Source=" + path).UsePassphrase(Passphrase, o =>
        {
            o.MemorySizeKib = 64;
            o.Iterations = 1;
            o.Parallelism = 1;
        });
        using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<ICredentialStore>();
            var keys = provider.GetRequiredService<ICredentialKeyManager>();
            var org = new OrganizationId("pinned-org");
            await store.CreateAsync(org, new NewCredential("First", "FIRST", CredentialCategory.LlmProvider, new ApiToken("sk-pinned-first-0123456789")));
            await store.CreateAsync(org, new NewCredential("Second", "SECOND", CredentialCategory.Runtime, new ApiToken("sk-pinned-second-0123456789")));
            var retired = (await keys.ListKeysAsync()).Single().Id;
            await keys.RotateAsync();
            await keys.RewrapAsync();
            await keys.RetireAsync(retired);
            var binned = await store.CreateAsync(org, new NewCredential("Binned", "BINNED", CredentialCategory.Runtime, new ApiToken("sk-pinned-binned-0123456789")));
            await store.DeleteAsync(org, binned.Id);
        }

        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
        command.ExecuteNonQuery();
    }
}
