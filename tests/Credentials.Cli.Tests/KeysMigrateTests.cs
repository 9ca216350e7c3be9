using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Credentials.Cli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Cli.Tests;

/// <summary>
/// <c>credentials keys migrate</c>: a store made with the development key file moved to a master key or a passphrase,
/// after which the key file is deleted and every credential still resolves; and the misconfigurations it refuses
/// without changing anything.
/// </summary>
public sealed class KeysMigrateTests : IDisposable
{
    private const string Passphrase = "a long passphrase for the migrated store";
    private readonly TestDirectory _dir = new();

    [Fact]
    public async Task Migrate_KeyFileToMasterKey_EveryCredentialResolvesWithTheMasterKeyAlone()
    {
        var (before, markers, oldKey) = await SeedAsync();
        var masterKey = RandomNumberGenerator.GetBytes(32);
        var masterKeyFile = _dir.SecretFile("master.key", Convert.ToBase64String(masterKey));

        var migrate = await RunAsync(
            "--sqlite", Db, "--master-key-file", masterKeyFile,
            "keys", "migrate", "--from", "key-file", "--from-key-file", KeyFile, "--progress", "plain");
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains($"from the key file {KeyFile} to the master key from the file {masterKeyFile}", Flat(migrate.Output));
        Assert.Contains($"Rewrapping: {before.Count} of {before.Count} (100%)", Flat(migrate.Output));
        Assert.Matches($@"Rewrapped {before.Count} credential\(s\) under mk-[0-9a-f]+ .*failed 0, remaining 0\.", Flat(migrate.Output));
        Assert.Contains($"Retired 1 key(s) of the previous provider: {oldKey}.", Flat(migrate.Output));
        Assert.Contains("Migration complete", Flat(migrate.Output));

        // The key file is gone: the master key alone opens everything, through the tool and through a host.
        File.Delete(KeyFile);
        await using (var vault = TestVault.Build(b => b.UseSqlite("Data Source=" + Db).UseMasterKey(masterKey)))
        {
            AssertSame(before, await vault.SnapshotAsync());
            var keys = await vault.Keys.ListKeysAsync();
            Assert.Equal(before.Count, keys.Single(k => k.IsPrimary).WrappedCount);
            Assert.DoesNotContain(keys, k => k.Id == oldKey && !k.IsRetired);
        }

        var verify = await RunAsync("--sqlite", Db, "--master-key-file", masterKeyFile, "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains($"Credentials: {before.Count} of {before.Count} open, in 2 organization(s).", Flat(verify.Output));
        Assert.Contains("Audit chain: intact", Flat(verify.Output));

        // With the key file gone, a migration from it is refused in plain words.
        var again = await RunAsync("--sqlite", Db, "--master-key-file", masterKeyFile, "keys", "migrate", "--from", "key-file");
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains($"The key file to migrate from, {KeyFile}, does not exist", Flat(again.Error));

        foreach (var marker in markers)
        {
            Assert.DoesNotContain(marker, migrate.All + verify.All, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Convert.ToBase64String(masterKey), migrate.All + verify.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_KeyFileToPassphraseFromStdin_ThenTheKeyFileIsNotNeeded()
    {
        var (before, _, oldKey) = await SeedAsync();

        // The new passphrase from standard input, the previous key file from the environment.
        var migrate = await CliProcess.RunAsync(
            _dir.Path,
            ["--sqlite", Db, "--passphrase-stdin", "keys", "migrate", "--from", "key-file", "--progress", "bar"],
            new Dictionary<string, string> { ["CREDENTIALS_FROM_KEY_FILE"] = KeyFile },
            Passphrase + "\n");
        Assert.True(migrate.ExitCode == 0, migrate.ToString());

        // The live bar of keys rewrap, forced on a redirected output: count, percentage and time left.
        Assert.Contains("━", migrate.Output);
        Assert.Contains($"{before.Count}/{before.Count}", migrate.Output);
        Assert.Contains("100%", migrate.Output);
        Assert.Contains("ETA", migrate.Output);
        Assert.Contains($"Retired 1 key(s) of the previous provider: {oldKey}.", Flat(migrate.Output));
        Assert.Contains("Migration complete", Flat(migrate.Output));
        Assert.Contains($"delete the key file {KeyFile}", Flat(migrate.Output));
        Assert.DoesNotContain(Passphrase, migrate.All, StringComparison.Ordinal);

        File.Delete(KeyFile);
        await using (var vault = TestVault.Build(b => b.UseSqlite("Data Source=" + Db).UsePassphrase(Passphrase)))
        {
            AssertSame(before, await vault.SnapshotAsync());
        }

        var passFile = _dir.SecretFile("store.pass", Passphrase);
        var verify = await RunAsync("--sqlite", Db, "--passphrase-file", passFile, "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains($"Credentials: {before.Count} of {before.Count} open", Flat(verify.Output));
    }

    [Fact]
    public async Task Migrate_MasterKeyToNewMasterKey_RotatesTheMasterKey()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var newKey = RandomNumberGenerator.GetBytes(32);
        await using (var vault = TestVault.Build(b => b.UseSqlite("Data Source=" + Db).UseMasterKey(oldKey)))
        {
            await Seed.FillAsync(vault);
        }

        var migrate = await RunAsync(
            new Dictionary<string, string> { ["CREDENTIALS_MASTER_KEY"] = Convert.ToBase64String(newKey), ["CREDENTIALS_FROM_MASTER_KEY"] = Convert.ToBase64String(oldKey) },
            "--sqlite", Db, "keys", "migrate", "--from", "master-key", "--progress", "none");
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("Migration complete", Flat(migrate.Output));

        await using var after = TestVault.Build(b => b.UseSqlite("Data Source=" + Db).UseMasterKey(newKey));
        Assert.Equal(11, await after.CountAsync());
    }

    [Fact]
    public async Task Migrate_WrongOrMissingPreviousKey_IsRefusedAndChangesNothing()
    {
        var (before, _, oldKey) = await SeedAsync();
        var masterKeyFile = _dir.SecretFile("master.key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var passFile = _dir.SecretFile("store.pass", Passphrase);

        // Another store's key file: it does not have the key the credentials are under.
        await using (var other = TestVault.Sqlite(_dir.File("other.db"), _dir.File("other.key")))
        {
            await other.Keys.ListKeysAsync();
        }

        var dump = Dump(Db);
        var keyFileBytes = await File.ReadAllBytesAsync(KeyFile);

        var wrongKeyFile = await RunAsync("--sqlite", Db, "--master-key-file", masterKeyFile, "keys", "migrate", "--from", "key-file", "--from-key-file", _dir.File("other.key"));
        Assert.True(wrongKeyFile.ExitCode == 3, wrongKeyFile.ToString());
        Assert.Contains($"does not open with the key to migrate from (key file {_dir.File("other.key")})", Flat(wrongKeyFile.Error));
        Assert.Contains($"its credentials are under key(s) {oldKey} (11)", Flat(wrongKeyFile.Error));

        var wrongToPassphrase = await RunAsync("--sqlite", Db, "--passphrase-file", passFile, "keys", "migrate", "--from", "key-file", "--from-key-file", _dir.File("other.key"));
        Assert.True(wrongToPassphrase.ExitCode == 3, wrongToPassphrase.ToString());
        Assert.Contains("does not open with the key to migrate from", Flat(wrongToPassphrase.Error));

        var wrongMasterKey = await RunAsync(
            new Dictionary<string, string> { ["CREDENTIALS_FROM_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
            "--sqlite", Db, "--passphrase-file", passFile, "keys", "migrate", "--from", "master-key");
        Assert.True(wrongMasterKey.ExitCode == 3, wrongMasterKey.ToString());
        Assert.Contains("does not open with the key to migrate from (master key from the environment variable CREDENTIALS_FROM_MASTER_KEY)", Flat(wrongMasterKey.Error));

        var missingKeyFile = await RunAsync("--sqlite", Db, "--master-key-file", masterKeyFile, "keys", "migrate", "--from", "key-file", "--from-key-file", _dir.File("lost.key"));
        Assert.True(missingKeyFile.ExitCode == 1, missingKeyFile.ToString());
        Assert.Contains($"The key file to migrate from, {_dir.File("lost.key")}, does not exist", Flat(missingKeyFile.Error));
        Assert.False(File.Exists(_dir.File("lost.key")));

        var missingMasterKey = await RunAsync("--sqlite", Db, "--passphrase-file", passFile, "keys", "migrate", "--from", "master-key");
        Assert.True(missingMasterKey.ExitCode == 2, missingMasterKey.ToString());
        Assert.Contains("--from master-key needs the master key the store was created with", Flat(missingMasterKey.Error));

        var noFrom = await RunAsync("--sqlite", Db, "--master-key-file", masterKeyFile, "keys", "migrate");
        Assert.True(noFrom.ExitCode == 2, noFrom.ToString());
        Assert.Contains("Say which key provider the store moves away from", Flat(noFrom.Error));

        // No new key set: the new provider would be the key file itself.
        var sameProvider = await RunAsync("--sqlite", Db, "--key-file", KeyFile, "keys", "migrate", "--from", "key-file", "--from-key-file", KeyFile);
        Assert.True(sameProvider.ExitCode == 2, sameProvider.ToString());
        Assert.Contains("that is the same key provider, so there is nothing to migrate", Flat(sameProvider.Error));

        var sameMasterKey = await RunAsync("--sqlite", Db, "--master-key-file", masterKeyFile, "keys", "migrate", "--from", "master-key", "--from-master-key-file", masterKeyFile);
        Assert.True(sameMasterKey.ExitCode == 2, sameMasterKey.ToString());
        Assert.Contains("same key provider", Flat(sameMasterKey.Error));

        var fromPassphrase = await RunAsync("--sqlite", Db, "--master-key-file", masterKeyFile, "keys", "migrate", "--from", "passphrase");
        Assert.True(fromPassphrase.ExitCode == 2, fromPassphrase.ToString());
        Assert.Contains("not supported", fromPassphrase.Error);

        // Nothing changed: every table row for row, the key file byte for byte, and the store opens with its key file as before.
        Assert.Equal(dump, Dump(Db));
        Assert.Equal(keyFileBytes, await File.ReadAllBytesAsync(KeyFile));
        await using var vault = TestVault.Sqlite(Db, KeyFile);
        AssertSame(before, await vault.SnapshotAsync());
    }

    public void Dispose() => _dir.Dispose();

    private string Db => _dir.File("credentials.db");

    private string KeyFile => _dir.File("credentials.key");

    private static string Flat(string text) => Regex.Replace(text, @"\s+", " ");

    private static void AssertSame(
        IReadOnlyDictionary<(string Org, string? Owner, string Key), (CredentialView Card, string Values)> expected,
        IReadOnlyDictionary<(string Org, string? Owner, string Key), (CredentialView Card, string Values)> actual)
    {
        Assert.Equal(expected.Keys.OrderBy(k => k.ToString()), actual.Keys.OrderBy(k => k.ToString()));
        foreach (var (where, (card, values)) in expected)
        {
            Assert.Equal(values, actual[where].Values);
            Assert.Equal(card.Id, actual[where].Card.Id);
        }
    }

    /// <summary>Every row of every table, as text, in a stable order.</summary>
    private static string Dump(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                var cells = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) is byte[] b ? Convert.ToHexString(b) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
                rows.Add(string.Join("|", cells));
            }

            rows.Sort(StringComparer.Ordinal);
            dump.Append(table).Append('\n').AppendJoin('\n', rows).Append('\n');
        }

        return dump.ToString();
    }

    private async Task<(IReadOnlyDictionary<(string Org, string? Owner, string Key), (CredentialView Card, string Values)> Snapshot, IReadOnlyList<string> Markers, string OldKey)> SeedAsync()
    {
        await using var vault = TestVault.Sqlite(Db, KeyFile);
        var markers = await Seed.FillAsync(vault);
        var oldKey = (await vault.Keys.ListKeysAsync()).Single().Id;
        return (await vault.SnapshotAsync(), markers, oldKey);
    }

    private Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(_dir.Path, args);

    private Task<CliResult> RunAsync(Dictionary<string, string> environment, params string[] args) => CliProcess.RunAsync(_dir.Path, args, environment);
}
