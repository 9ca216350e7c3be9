namespace Credentials.Storage.Sqlite;

/// <summary>A tmpfs of a few hundred kilobytes mounted on a folder of its own, to fill up (see <see cref="FileSystemFaults"/>).</summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    /// <summary>The mounted folder.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (for example "512k"); null, with the reason, when it cannot be mounted here.</summary>
    public static SmallDisk? TryMount(string size, out string? whyNot)
    {
        whyNot = null;
        if (OperatingSystem.IsWindows() || !FileSystemFaults.IsRoot)
        {
            whyNot = "Mounting a small tmpfs to fill up needs root on Linux.";
            return null;
        }

        var path = Directory.CreateTempSubdirectory("credentials-sqlite-full-").FullName;
        var mount = FileSystemFaults.Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0700", "tmpfs", path);
        if (mount.ExitCode == 0)
        {
            return new SmallDisk(path);
        }

        Directory.Delete(path);
        whyNot = $"Mounting a {size} tmpfs failed ({mount.Error}).";
        return null;
    }

    /// <summary>Unmounts the tmpfs (its files go with it) and deletes the folder.</summary>
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (FileSystemFaults.Run("umount", Path).ExitCode != 0)
        {
            FileSystemFaults.Run("umount", "-l", Path);
        }

        Directory.Delete(Path, recursive: true);
    }
}
