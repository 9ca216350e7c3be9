using System.Diagnostics;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Real file-system faults for the storage error tests: a read-only view of a folder and a small, full disk.
/// </summary>
/// <remarks>
/// Tests run as root in CI, and root ignores file modes: a database chmod 0444 in a folder chmod 0555 is still written
/// (checked: SQLite opens it read-write and the insert succeeds). What does stop root, checked here with SQLite 3.53 and
/// Linux: a read-only mount (a bind mount remounted <c>ro</c>, or a tmpfs mounted <c>ro</c>), where every write gets
/// EROFS, and the immutable attribute (<c>chattr +i</c>, EPERM), where the file system must support it (ext4, xfs, btrfs;
/// tmpfs only on recent kernels). Both need capabilities (CAP_SYS_ADMIN for mount, CAP_LINUX_IMMUTABLE for chattr) that a
/// container may not have. So as root a bind mount is tried first, then chattr; an ordinary user gets file modes. A full
/// disk is a tmpfs mounted with a small size. When none of that is possible the test fails under <c>CI=true</c> and is
/// skipped locally with the reason.
/// </remarks>
public static class FileSystemFaults
{
    /// <summary>Whether this is a CI run (<c>CI=true</c>), where a fault that cannot be set up is a failure.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the process runs as root (which ignores file modes).</summary>
    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>Fails under CI, skips otherwise, when <paramref name="reason"/> is set.</summary>
    public static void RequireOrSkip(string? reason)
    {
        if (reason is null)
        {
            return;
        }

        Assert.False(IsCi, reason + " Under CI=true this is a failure, not a skip.");
        Skip.If(true, reason);
    }

    /// <summary>Runs a program; returns its exit code and what it printed on stderr.</summary>
    public static (int ExitCode, string Error) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error.Trim());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{program}: {ex.Message}");
        }
    }
}
