using System.Runtime.InteropServices;
using System.Text;

namespace Credentials;

/// <summary>
/// fsync of a directory, so a rename in it is durable (POSIX: the new name is on disk only once its directory is
/// synced). .NET cannot open a directory as a file, hence the two libc calls. Best effort: where they are missing
/// (Windows, where the rename API flushes metadata itself) it does nothing.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            var path = Encoding.UTF8.GetBytes(directory + "\0");
            var descriptor = Open(path, ReadOnly);
            if (descriptor < 0)
            {
                return;
            }

            try
            {
                _ = Fsync(descriptor);
            }
            finally
            {
                _ = Close(descriptor);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc with these entry points: the rename stays as durable as the platform makes it.
        }
    }

    // DllImport, not LibraryImport: the arguments are blittable, and LibraryImport would make Core compile with unsafe code.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int descriptor);
}
