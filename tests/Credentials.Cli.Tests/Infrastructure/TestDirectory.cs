namespace Credentials.Cli.Tests.Infrastructure;

/// <summary>A scratch folder for one test (stores, key files, bundles), deleted afterwards.</summary>
public sealed class TestDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("credentials-cli-tests-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a secret file with mode 0600, as an operator would.</summary>
    public string SecretFile(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content + "\n");
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
