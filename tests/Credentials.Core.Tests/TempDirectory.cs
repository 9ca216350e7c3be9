using Microsoft.Data.Sqlite;

namespace Credentials.Tests;

/// <summary>A scratch directory removed after the test (SQLite pools cleared first so no file stays open).</summary>
internal sealed class TempDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still be letting go of a file; the OS temp folder is cleaned anyway.
        }
    }
}
