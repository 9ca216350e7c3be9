using Credentials.Cli.Bundle;
using Credentials.Cli.Tests.Infrastructure;

namespace Credentials.Cli.Tests;

/// <summary>An import that fails part-way (a credential the target refuses) removes what it had written: nothing is half-imported.</summary>
public sealed class ImportRollbackTests : IDisposable
{
    private const string Passphrase = "a bundle passphrase for the rollback test";
    private readonly TestDirectory _dir = new();

    [Fact]
    public async Task Import_ACredentialIsRefusedAfterOthersWereWritten_RemovesThemAll()
    {
        var acme = new OrganizationId("acme");
        var at = DateTimeOffset.UtcNow;
        var marker = Markers.New("rollback");
        BundleEntry[] entries =
        [
            new(acme, CredentialId.New(), null, "First", "FIRST_TOKEN", CredentialCategory.Custom, null, at, at, new ApiToken(marker + "-1")),
            new(acme, CredentialId.New(), "alice", "Second", "SECOND_TOKEN", CredentialCategory.Custom, null, at, at, new ApiToken(marker + "-2")),
            // Not a valid key ([A-Z][A-Z0-9_]*): the vault refuses it when the import writes it, after the two above.
            new(acme, CredentialId.New(), null, "Third", "not-a-key", CredentialCategory.Custom, null, at, at, new ApiToken(marker + "-3")),
        ];
        using (var buffer = new ZeroingBufferWriter())
        {
            await using (var writer = BundlePayload.Begin(buffer, at))
            {
                foreach (var entry in entries)
                {
                    BundlePayload.WriteEntry(writer, entry);
                }

                BundlePayload.End(writer);
            }

            await File.WriteAllBytesAsync(_dir.File("crafted.bundle"), BundleCipher.Seal(buffer.WrittenSpan, Passphrase, new BundleKdfCost(8 * 1024, 1, 1)));
        }

        Assert.Equal(0, (await CliProcess.RunAsync(_dir.Path, ["init"])).ExitCode);
        var result = await CliProcess.RunAsync(_dir.Path, ["import", "crafted.bundle"], new Dictionary<string, string> { ["CREDENTIALS_BUNDLE_PASSPHRASE"] = Passphrase });
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Importing acme/not-a-key failed", result.Error);
        Assert.Contains("The 2 credential(s) written before it were removed: nothing was imported.", result.Error);
        Assert.DoesNotContain(marker, result.All, StringComparison.Ordinal);

        await using var vault = TestVault.Sqlite(_dir.File("credentials.db"), _dir.File("credentials.key"));
        Assert.Equal(0, await vault.CountAsync());
        Assert.Empty(await vault.Vault.ListOrganizationsAsync());
    }

    public void Dispose() => _dir.Dispose();
}
