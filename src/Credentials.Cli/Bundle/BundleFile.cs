namespace Credentials.Cli.Bundle;

/// <summary>
/// Writes a bundle atomically with mode 0600 (a temporary file beside it, flushed to disk, then renamed), so a crash
/// leaves no half-written bundle, and reads one with a size bound.
/// </summary>
internal static class BundleFile
{
    public static void Write(string path, ReadOnlySpan<byte> bytes, bool overwrite)
    {
        var full = Path.GetFullPath(path);
        if (!overwrite && File.Exists(full))
        {
            throw CliException.Usage($"{full} already exists; choose another file or add --force to replace it.");
        }

        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw CliException.Usage($"The folder {folder} does not exist.");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new CliException($"The bundle could not be written to {full}: {ex.Message}");
        }
    }

    public static byte[] Read(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                throw CliException.Usage($"The bundle {full} does not exist.");
            }

            if (info.Length > BundleHeader.MaxPayloadLength + BundleHeader.Size + BundleHeader.TagSize)
            {
                throw new BundleException($"The file {full} is larger than any bundle this tool writes.");
            }

            return File.ReadAllBytes(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"The bundle {full} cannot be read: {ex.Message}");
        }
    }
}
