using Credentials.Cli.Tests.Infrastructure;

namespace Credentials.Cli.Tests;

/// <summary><c>credentials doctor</c> says configuration problems in plain words and changes nothing.</summary>
public sealed class DoctorTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    [Fact]
    public async Task Doctor_HealthyStore_FindsNoProblem()
    {
        Assert.Equal(0, (await RunAsync("init")).ExitCode);
        var result = await RunAsync("doctor");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No problem found.", result.Output);
    }

    [Fact]
    public async Task Doctor_MissingKeyFile_SaysSoAndCreatesNone()
    {
        Assert.Equal(0, (await RunAsync("init")).ExitCode);
        File.Move(_dir.File("credentials.key"), _dir.File("elsewhere.key"));
        var result = await RunAsync("doctor");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"The key file {_dir.File("credentials.key")} does not exist", result.Output);
        Assert.False(File.Exists(_dir.File("credentials.key")));
    }

    [Fact]
    public async Task Doctor_KeyFileReadableByOthers_SaysChmod()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(0, (await RunAsync("init")).ExitCode);
        File.SetUnixFileMode(_dir.File("credentials.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var result = await RunAsync("doctor");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("has mode 0644", result.Output);
        Assert.Contains("chmod 600", result.Output);
    }

    [Fact]
    public async Task Doctor_WrongPassphrase_SaysTheKeyDoesNotOpenTheStore()
    {
        var right = _dir.SecretFile("right.pass", "the right passphrase, long enough");
        var wrong = _dir.SecretFile("wrong.pass", "a wrong passphrase, also long enough");
        Assert.Equal(0, (await RunAsync("--passphrase-file", right, "init")).ExitCode);
        var result = await RunAsync("--passphrase-file", wrong, "doctor");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("The configured key does not open this store", result.Output);
    }

    [Fact]
    public async Task Doctor_UnreachableDatabase_NamesTheServerNotThePassword()
    {
        var secret = Markers.New("pg-password");
        var result = await CliProcess.RunAsync(
            _dir.Path,
            ["--key-file", "credentials.key", "doctor"],
            new Dictionary<string, string> { ["CREDENTIALS_POSTGRES"] = $"Host=127.0.0.1;Port=1;Database=app;Username=ops;Password={secret};Timeout=3" });
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("cannot be reached", result.Output);
        Assert.Contains("127.0.0.1:1/app", result.Output);
        Assert.DoesNotContain(secret, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_SchemaNewerThanTheTool_SaysUpdateTheTool()
    {
        Assert.Equal(0, (await RunAsync("init")).ExitCode);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dir.File("credentials.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        var result = await RunAsync("doctor");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("schema version 99 is newer than this tool's", result.Output);
    }

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(_dir.Path, args);
}
