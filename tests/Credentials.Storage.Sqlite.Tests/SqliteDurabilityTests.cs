using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// The file outlives the process: a vault built again on the same file and key finds everything, and a vault built
/// with another key refuses to start without touching the data.
/// </summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    private static readonly OrganizationId Acme = new("acme");

    private readonly TempDatabase _database = new();
    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Vault_RebuiltOnSameFileAndKey_ResolvesAndListsEverything()
    {
        var samples = new SampleCredentials();
        IReadOnlyList<CredentialView> created;
        var replacement = new ApiToken(samples.Marker());
        await using (var first = VaultHost.Start(_database.ConnectionString, _masterKey))
        {
            created = await samples.CreateAllAsync(first.Store, Acme);
            var token = created.Single(v => v.Key == "API_TOKEN");
            var updated = await first.Store.UpdateAsync(Acme, token.Id, new CredentialUpdate { Secret = replacement, ExpectedVersion = token.Version });
            created = created.Select(v => v.Id == updated.Id ? updated : v).ToList();
        }

        RestartProcess();

        await using var second = VaultHost.Start(_database.ConnectionString, _masterKey);
        await samples.AssertResolveAsync(second.Resolver, Acme, new Dictionary<string, CredentialSecret> { ["API_TOKEN"] = replacement });
        var page = await second.Store.ListAsync(Acme, new CredentialQuery { PageSize = 50 });
        Assert.Equal(created.OrderBy(v => v.Key, StringComparer.Ordinal), page.Items);
        var smtp = created.Single(v => v.Key == "SMTP");
        var renamed = await second.Store.UpdateAsync(Acme, smtp.Id, new CredentialUpdate { Name = "Mail relay", ExpectedVersion = smtp.Version });
        Assert.Equal(smtp.Version + 1, renamed.Version);
    }

    [Fact]
    public async Task Vault_RebuiltWithAnotherMasterKey_RefusesToStartAndWritesNothing()
    {
        var samples = new SampleCredentials();
        await using (var first = VaultHost.Start(_database.ConnectionString, _masterKey))
        {
            await samples.CreateAllAsync(first.Store, Acme);
        }

        RestartProcess();
        var credentialsBefore = DumpTable("credentials");
        var settingsBefore = DumpTable("settings");
        var fileBefore = File.ReadAllBytes(_database.FilePath);

        await using (var wrong = VaultHost.Start(_database.ConnectionString, RandomNumberGenerator.GetBytes(32)))
        {
            var error = await Assert.ThrowsAsync<CredentialIntegrityException>(() => wrong.Store.ListAsync(Acme));
            Assert.Contains("key provider does not have", error.Message, StringComparison.Ordinal);
            Assert.Contains($"{samples.All.Count} credential(s)", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET-MARKER-", error.Message, StringComparison.Ordinal);

            // Every later call is refused too, writes included: a wrong key never seals anything into the store.
            await Assert.ThrowsAsync<CredentialIntegrityException>(() => wrong.Resolver.ResolveAsync<ApiToken>(Acme, "API_TOKEN"));
            await Assert.ThrowsAsync<CredentialIntegrityException>(() =>
                wrong.Store.CreateAsync(Acme, new NewCredential("Intruder", "INTRUDER_KEY", CredentialCategory.Custom, new ApiToken("x"))));
        }

        RestartProcess();
        Assert.Equal(credentialsBefore, DumpTable("credentials"));
        Assert.Equal(settingsBefore, DumpTable("settings"));
        Assert.Equal(fileBefore, File.ReadAllBytes(_database.FilePath));

        await using var again = VaultHost.Start(_database.ConnectionString, _masterKey);
        await samples.AssertResolveAsync(again.Resolver, Acme);
    }

    // What process exit does to SQLite: the pooled connections close, the last one checkpoints the WAL into the file.
    private static void RestartProcess() => SqliteConnection.ClearAllPools();

    /// <summary>Every row of a table, every column as its exact stored value, in primary-key order.</summary>
    private List<string> DumpTable(string table)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2;";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var columns = new string[reader.FieldCount];
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = reader.GetValue(i) switch
                {
                    byte[] bytes => Convert.ToHexString(bytes),
                    DBNull => "NULL",
                    var value => $"{value.GetType().Name}:{Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}",
                };
            }

            rows.Add(string.Join("|", columns));
        }

        return rows;
    }
}
