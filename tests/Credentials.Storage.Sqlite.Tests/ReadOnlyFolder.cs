namespace Credentials.Storage.Sqlite;

/// <summary>
/// A read-only view of a folder and the files in it, for this process even as root (see <see cref="FileSystemFaults"/>):
/// a read-only bind mount at another path (the original path stays writable, as for another process that may write), or
/// the immutable attribute on the folder and its files, or, for an ordinary user, modes 0555 and 0444.
/// </summary>
public sealed class ReadOnlyFolder : IDisposable
{
    private readonly string _folder;
    private readonly string? _mountPoint;
    private readonly string[] _immutable;
    private readonly bool _chmod;

    private ReadOnlyFolder(string folder, string path, string how, string? mountPoint = null, string[]? immutable = null, bool chmod = false)
    {
        _folder = folder;
        Path = path;
        How = how;
        _mountPoint = mountPoint;
        _immutable = immutable ?? [];
        _chmod = chmod;
    }

    /// <summary>The folder as this process must use it to find it read-only.</summary>
    public string Path { get; }

    /// <summary>How it was made read-only (for messages).</summary>
    public string How { get; }

    /// <summary>Whether the original folder stays writable at its own path (the bind mount): another "process" can write there.</summary>
    public bool OriginalStaysWritable => _mountPoint is not null;

    /// <summary>Makes <paramref name="folder"/> and its files read-only; null, with the reason, when nothing here can.</summary>
    public static ReadOnlyFolder? TryCreate(string folder, out string? whyNot)
    {
        whyNot = null;
        if (OperatingSystem.IsWindows())
        {
            whyNot = "Read-only folders are set up with Unix tools; not on Windows.";
            return null;
        }

        if (!FileSystemFaults.IsRoot)
        {
            foreach (var file in Directory.GetFiles(folder))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            return new ReadOnlyFolder(folder, folder, "chmod 0444 on the files and 0555 on the folder", chmod: true);
        }

        var mountPoint = Directory.CreateTempSubdirectory("credentials-sqlite-ro-").FullName;
        var bind = FileSystemFaults.Run("mount", "--bind", folder, mountPoint);
        if (bind.ExitCode == 0)
        {
            var remount = FileSystemFaults.Run("mount", "-o", "remount,bind,ro", mountPoint);
            if (remount.ExitCode == 0)
            {
                return new ReadOnlyFolder(folder, mountPoint, "a read-only bind mount", mountPoint);
            }

            FileSystemFaults.Run("umount", mountPoint);
            whyNot = $"remounting the bind mount read-only failed ({remount.Error})";
        }
        else
        {
            whyNot = $"a bind mount failed ({bind.Error})";
        }

        Directory.Delete(mountPoint);
        var targets = Directory.GetFiles(folder).Append(folder).ToArray();
        var chattr = FileSystemFaults.Run("chattr", ["+i", .. targets]);
        if (chattr.ExitCode == 0)
        {
            whyNot = null;
            return new ReadOnlyFolder(folder, folder, "chattr +i on the folder and its files", immutable: targets);
        }

        FileSystemFaults.Run("chattr", ["-i", .. targets]);
        whyNot = $"As root file modes do not stop writes, and neither a read-only mount nor the immutable attribute is possible here: {whyNot}; chattr +i failed ({chattr.Error}).";
        return null;
    }

    /// <summary>Makes the folder writable again (the test then deletes it).</summary>
    public void Dispose()
    {
        if (_mountPoint is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (FileSystemFaults.Run("umount", _mountPoint).ExitCode != 0)
            {
                FileSystemFaults.Run("umount", "-l", _mountPoint);
            }

            Directory.Delete(_mountPoint);
        }

        if (_immutable.Length > 0)
        {
            FileSystemFaults.Run("chattr", ["-i", .. _immutable]);
        }

        if (_chmod && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var file in Directory.GetFiles(_folder))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }
}
