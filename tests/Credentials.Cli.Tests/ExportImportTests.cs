using Credentials.Cli.Tests.Infrastructure;

namespace Credentials.Cli.Tests;

/// <summary>Moving credentials between stores with the real tool: SQLite with a key file, to PostgreSQL with a passphrase.</summary>
public sealed class ExportImportTests : IDisposable
{
    private const string BundlePassphrase = "correct horse battery staple bundle";
    private const string StorePassphrase = "another long passphrase for the target store";
    private readonly TestDirectory _dir = new();

    [SkippableFact]
    public async Task ExportFromSqlite_ImportIntoPostgresUnderPassphrase_EveryCredentialResolvesTheSame()
    {
        await using var target = PostgresTarget.Require();
        var (source, markers) = await SeedSqliteAsync();
        var bundle = _dir.File("acme.bundle");
        var passFile = _dir.SecretFile("bundle.pass", BundlePassphrase);

        var export = await RunAsync("--sqlite", _dir.File("source.db"), "--key-file", _dir.File("source.key"), "export", "--out", bundle, "--bundle-passphrase-file", passFile);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains($"Exported {source.Count} credential(s) from 2 organization(s)", export.Output);

        var storePass = _dir.SecretFile("store.pass", StorePassphrase);
        var postgres = new Dictionary<string, string> { ["CREDENTIALS_POSTGRES"] = target.ConnectionString, ["CREDENTIALS_POSTGRES_SCHEMA"] = target.Schema };
        var init = await RunAsync(postgres, "--passphrase-file", storePass, "init");
        Assert.True(init.ExitCode == 0, init.ToString());

        // The bundle's passphrase from standard input, the store's from a file.
        var import = await RunWithStdinAsync(postgres, BundlePassphrase + "\n", "--passphrase-file", storePass, "import", bundle, "--bundle-passphrase-stdin");
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains($"Imported {source.Count} credential(s) ({source.Count} with their ids, 0 under new ids)", import.Output);

        await using (var imported = TestVault.Postgres(target.ConnectionString, target.Schema, StorePassphrase))
        {
            var copy = await imported.SnapshotAsync();
            Assert.Equal(source.Keys.OrderBy(k => k.ToString()), copy.Keys.OrderBy(k => k.ToString()));
            foreach (var (where, original) in source)
            {
                var (card, values) = copy[where];
                Assert.Equal(original.Values, values);
                Assert.Equal(original.Card.Id, card.Id);
                Assert.Equal(original.Card.OwnerUserId, card.OwnerUserId);
                Assert.Equal(original.Card.Name, card.Name);
                Assert.Equal(original.Card.Category, card.Category);
                Assert.Equal(original.Card.TemplateId, card.TemplateId);
                Assert.Equal(original.Card.MaskedSummary, card.MaskedSummary);
            }

            // Re-sealed under the target's own passphrase ring, not copied: its keys are not the key file's.
            var keys = await imported.Keys.ListKeysAsync();
            Assert.Equal(source.Count, keys.Single(k => k.IsPrimary).WrappedCount);
        }

        var verify = await RunAsync(postgres, "--passphrase-file", storePass, "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains($"Credentials: {source.Count} of {source.Count} open, in 2 organization(s).", verify.Output);
        Assert.Contains("Audit chain: intact", verify.Output);

        // A second import of the same bundle finds everything present and identical, and writes nothing.
        var again = await RunAsync(postgres, "--passphrase-file", storePass, "import", bundle, "--bundle-passphrase-file", passFile);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"Imported 0 credential(s) (0 with their ids, 0 under new ids); {source.Count} already present and identical.", again.Output);

        foreach (var marker in markers)
        {
            Assert.DoesNotContain(marker, export.All + init.All + import.All + verify.All + again.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bundle_HoldsNoSecretInAnyEncoding()
    {
        var (_, markers) = await SeedSqliteAsync();
        var bundle = _dir.File("all.bundle");
        var export = await RunAsync(
            new Dictionary<string, string> { ["CREDENTIALS_BUNDLE_PASSPHRASE"] = BundlePassphrase },
            "--sqlite", _dir.File("source.db"), "--key-file", _dir.File("source.key"), "export", "-o", bundle);
        Assert.True(export.ExitCode == 0, export.ToString());

        var bytes = await File.ReadAllBytesAsync(bundle);
        foreach (var marker in markers)
        {
            Assert.Null(Markers.FindIn(bytes, marker));
            Assert.DoesNotContain(marker, export.All, StringComparison.Ordinal);
        }

        // Names and keys are inside the seal too: nothing of the store is readable in the file.
        Assert.Null(Markers.FindIn(bytes, "OPENAI_API_KEY"));
        Assert.Null(Markers.FindIn(bytes, "globex"));
        Assert.Null(Markers.FindIn(bytes, BundlePassphrase));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(bundle));
        }
    }

    [Fact]
    public async Task Import_KeyTakenWithOtherValues_ReportsTheConflictAndImportsNothing()
    {
        var (source, _) = await SeedSqliteAsync();
        var bundle = _dir.File("all.bundle");
        var passFile = _dir.SecretFile("bundle.pass", BundlePassphrase);
        Assert.Equal(0, (await RunAsync("--sqlite", _dir.File("source.db"), "--key-file", _dir.File("source.key"), "export", "-o", bundle, "--bundle-passphrase-file", passFile)).ExitCode);

        // The target already has globex's GLOBEX_TOKEN, with another value.
        await using (var target = TestVault.Sqlite(_dir.File("target.db"), _dir.File("target.key")))
        {
            await target.Store.CreateAsync(new OrganizationId("globex"), new NewCredential("Other", "GLOBEX_TOKEN", CredentialCategory.Custom, new ApiToken("a-different-token-value")));
        }

        var import = await RunAsync("--sqlite", _dir.File("target.db"), "--key-file", _dir.File("target.key"), "import", bundle, "--bundle-passphrase-file", passFile);
        Assert.True(import.ExitCode == 4, import.ToString());
        Assert.Contains("GLOBEX_TOKEN", import.Error);
        Assert.Contains("Nothing was imported", import.Error);

        await using var after = TestVault.Sqlite(_dir.File("target.db"), _dir.File("target.key"));
        var snapshot = await after.SnapshotAsync();
        Assert.Single(snapshot);
        Assert.Contains("a-different-token-value", snapshot.Single().Value.Values, StringComparison.Ordinal);

        // Only the other organization: no conflict, and acme's credentials come over.
        var acmeOnly = await RunAsync("--sqlite", _dir.File("target.db"), "--key-file", _dir.File("target.key"), "import", bundle, "--org", "acme", "--bundle-passphrase-file", passFile);
        Assert.True(acmeOnly.ExitCode == 0, acmeOnly.ToString());
        Assert.Equal(source.Count(s => s.Key.Org == "acme") + 1, await after.CountAsync());
    }

    public void Dispose() => _dir.Dispose();

    private async Task<(IReadOnlyDictionary<(string Org, string? Owner, string Key), (CredentialView Card, string Values)> Snapshot, IReadOnlyList<string> Markers)> SeedSqliteAsync()
    {
        await using var vault = TestVault.Sqlite(_dir.File("source.db"), _dir.File("source.key"));
        var markers = await Seed.FillAsync(vault);
        return (await vault.SnapshotAsync(), markers);
    }

    private Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(_dir.Path, args);

    private Task<CliResult> RunAsync(Dictionary<string, string> environment, params string[] args) => CliProcess.RunAsync(_dir.Path, args, environment);

    private Task<CliResult> RunWithStdinAsync(Dictionary<string, string> environment, string stdin, params string[] args) => CliProcess.RunAsync(_dir.Path, args, environment, stdin);
}
