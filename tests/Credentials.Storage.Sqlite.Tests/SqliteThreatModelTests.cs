using System.Security.Cryptography;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Threat model, first line: an attacker who reads the database file, its WAL or its shared-memory file gets no secret.
/// The files are read while the vault is alive, so the WAL still holds the latest pages (nothing was checkpointed away).
/// </summary>
public sealed class SqliteThreatModelTests : IDisposable
{
    private static readonly OrganizationId Acme = new("acme");

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task DatabaseWalAndShmFiles_AfterCreatingEveryTypeAndUpdating_ContainNoSecretInAnyEncoding()
    {
        var samples = new SampleCredentials();
        using var keeper = KeepWal();
        await using var vault = VaultHost.Start(_database.ConnectionString, RandomNumberGenerator.GetBytes(32));
        var views = await samples.CreateAllAsync(vault.Store, Acme);
        var oauth = views.Single(v => v.Key == "OAUTH2");
        var replacement = new OAuth2(samples.Marker(), samples.Marker(), samples.Marker(), samples.Marker());
        await vault.Store.UpdateAsync(Acme, oauth.Id, new CredentialUpdate { Secret = replacement, ExpectedVersion = oauth.Version });

        var files = new List<(string Path, byte[] Bytes)> { (_database.FilePath, LeakScanner.ReadShared(_database.FilePath)) };
        Assert.True(File.Exists(_database.WalPath), "The WAL must still exist: the vault is alive and the test must read what it holds.");
        files.Add((_database.WalPath, LeakScanner.ReadShared(_database.WalPath)));
        if (File.Exists(_database.ShmPath))
        {
            files.Add((_database.ShmPath, LeakScanner.ReadShared(_database.ShmPath)));
        }

        // Control: the scan sees what the files do hold in plain form (names and keys are metadata, not secrets).
        Assert.NotEmpty(files.Single(f => f.Path == _database.WalPath).Bytes);
        Assert.Contains(files, f => LeakScanner.Find(f.Bytes, "Name of OAUTH2").Contains("UTF-8"));

        var leaks = (
            from file in files
            from marker in samples.Markers
            from form in LeakScanner.Find(file.Bytes, marker)
            select $"{Path.GetFileName(file.Path)}: {marker} as {form}").ToList();
        Assert.True(leaks.Count == 0, "Secrets found at rest:\n" + string.Join("\n", leaks));

        // And the secrets are really stored: a no-op "encryption" that dropped them would pass the scan above.
        await samples.AssertResolveAsync(vault.Resolver, Acme, new Dictionary<string, CredentialSecret> { ["OAUTH2"] = replacement });
    }

    [Fact]
    public async Task DatabaseAndWalFiles_AfterCreatingEveryType_DoNotContainEvenTheMarkerPrefix()
    {
        var samples = new SampleCredentials();
        using var keeper = KeepWal();
        await using var vault = VaultHost.Start(_database.ConnectionString, RandomNumberGenerator.GetBytes(32));
        await samples.CreateAllAsync(vault.Store, Acme);

        var bytes = LeakScanner.ReadShared(_database.FilePath).Concat(LeakScanner.ReadShared(_database.WalPath)).ToArray();

        Assert.Empty(LeakScanner.Find(bytes, "SECRET-MARKER-"));
        await samples.AssertResolveAsync(vault.Resolver, Acme);
    }

    // SQLite checkpoints the WAL into the file and deletes it when the last connection closes. Tests running beside
    // this one call SqliteConnection.ClearAllPools(), which would close the vault's pooled connections; a connection of
    // the test's own keeps the WAL as a live process would have it. It must have read the file in WAL mode: a connection
    // that was only opened holds no lock, and the vault's last connection would still delete the WAL (a flaky failure).
    private Microsoft.Data.Sqlite.SqliteConnection KeepWal()
    {
        var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; SELECT COUNT(*) FROM sqlite_schema;";
        command.ExecuteNonQuery();
        return connection;
    }
}
