using Credentials.Cli.Tests.Infrastructure;

namespace Credentials.Cli.Tests;

/// <summary>
/// A bundle that is not exactly what export wrote is refused with a clear error, before anything is imported: a wrong
/// passphrase, a truncated file, one flipped byte anywhere (header, ciphertext, tag), bytes appended.
/// </summary>
public sealed class BundleTamperingTests : IClassFixture<BundleTamperingTests.ExportedBundle>
{
    private readonly ExportedBundle _bundle;

    public BundleTamperingTests(ExportedBundle bundle) => _bundle = bundle;

    [Fact]
    public async Task Import_WrongPassphrase_ImportsNothing()
    {
        using var dir = new TestDirectory();
        var result = await ImportAsync(dir, await File.ReadAllBytesAsync(_bundle.Path), "not the passphrase it was sealed with");
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("The passphrase does not open this bundle", result.Error);
        Assert.Contains("Nothing was imported", result.Error);
        await AssertEmptyAsync(dir);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(200)]
    [InlineData(-1)]
    public async Task Import_TruncatedBundle_IsRefusedAndImportsNothing(int keep)
    {
        using var dir = new TestDirectory();
        var bytes = await File.ReadAllBytesAsync(_bundle.Path);
        var truncated = bytes[..(keep > 0 ? keep : bytes.Length + keep)];
        var result = await ImportAsync(dir, truncated, ExportedBundle.Passphrase);
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Matches("truncated|not a credentials bundle", result.Error);
        Assert.Contains("Nothing was imported", result.Error);
        await AssertEmptyAsync(dir);
    }

    [Theory]
    [InlineData("magic", 3, "not a credentials bundle")]
    [InlineData("format version", 9, "format")]
    [InlineData("Argon2id memory", 13, "header is damaged|passphrase does not open")]
    [InlineData("salt", 27, "passphrase does not open this bundle \\(or the bundle's header was changed\\)")]
    [InlineData("nonce", 40, "fails authentication")]
    [InlineData("passphrase check", 50, "passphrase does not open this bundle \\(or the bundle's header was changed\\)")]
    [InlineData("payload length", 72, "truncated or has bytes added")]
    [InlineData("ciphertext", 200, "fails authentication")]
    [InlineData("tag", -1, "fails authentication")]
    public async Task Import_OneFlippedByte_IsRefusedAndImportsNothing(string where, int position, string error)
    {
        using var dir = new TestDirectory();
        var bytes = await File.ReadAllBytesAsync(_bundle.Path);
        var index = position >= 0 ? position : bytes.Length + position;
        bytes[index] ^= 0x01;
        var result = await ImportAsync(dir, bytes, ExportedBundle.Passphrase);
        Assert.True(result.ExitCode == 3, $"{where}: {result}");
        Assert.Matches(error, result.Error);
        Assert.Contains("Nothing was imported", result.Error);
        await AssertEmptyAsync(dir);
    }

    [Fact]
    public async Task Import_BytesAppended_IsRefused()
    {
        using var dir = new TestDirectory();
        var bytes = await File.ReadAllBytesAsync(_bundle.Path);
        var result = await ImportAsync(dir, [.. bytes, 0], ExportedBundle.Passphrase);
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("truncated or has bytes added", result.Error);
        await AssertEmptyAsync(dir);
    }

    [Fact]
    public async Task Import_IntactBundle_Imports()
    {
        using var dir = new TestDirectory();
        var result = await ImportAsync(dir, await File.ReadAllBytesAsync(_bundle.Path), ExportedBundle.Passphrase);
        Assert.True(result.ExitCode == 0, result.ToString());
        await using var vault = TestVault.Sqlite(dir.File("target.db"), dir.File("target.key"));
        Assert.Equal(_bundle.Count, await vault.CountAsync());
    }

    private static async Task<CliResult> ImportAsync(TestDirectory dir, byte[] bundle, string passphrase)
    {
        var init = await CliProcess.RunAsync(dir.Path, ["--sqlite", "target.db", "--key-file", "target.key", "init"]);
        Assert.True(init.ExitCode == 0, init.ToString());
        await File.WriteAllBytesAsync(dir.File("in.bundle"), bundle);
        return await CliProcess.RunAsync(
            dir.Path,
            ["--sqlite", "target.db", "--key-file", "target.key", "import", "in.bundle"],
            new Dictionary<string, string> { ["CREDENTIALS_BUNDLE_PASSPHRASE"] = passphrase });
    }

    private static async Task AssertEmptyAsync(TestDirectory dir)
    {
        await using var vault = TestVault.Sqlite(dir.File("target.db"), dir.File("target.key"));
        Assert.Equal(0, await vault.CountAsync());
    }

    /// <summary>One bundle exported once for the whole class.</summary>
    public sealed class ExportedBundle : IAsyncLifetime
    {
        public const string Passphrase = "the bundle's own long passphrase";
        private readonly TestDirectory _dir = new();

        public string Path => _dir.File("source.bundle");

        public int Count { get; private set; }

        public async Task InitializeAsync()
        {
            await using (var vault = TestVault.Sqlite(_dir.File("source.db"), _dir.File("source.key")))
            {
                Count = (await Seed.FillAsync(vault)).Count > 0 ? await vault.CountAsync() : 0;
            }

            var export = await CliProcess.RunAsync(
                _dir.Path,
                ["--sqlite", "source.db", "--key-file", "source.key", "export", "--out", Path],
                new Dictionary<string, string> { ["CREDENTIALS_BUNDLE_PASSPHRASE"] = Passphrase });
            Assert.True(export.ExitCode == 0, export.ToString());
        }

        public Task DisposeAsync()
        {
            _dir.Dispose();
            return Task.CompletedTask;
        }
    }
}
