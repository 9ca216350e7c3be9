using System.Text;

namespace Credentials.Storage.Sqlite;

/// <summary>Looks for a string in raw bytes in the encodings a careless implementation would leave it in.</summary>
public static class LeakScanner
{
    /// <summary>Reads a file that SQLite still has open (and may be writing).</summary>
    public static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The names of the encodings in which <paramref name="text"/> occurs in <paramref name="bytes"/>; empty when none.</summary>
    public static IReadOnlyList<string> Find(byte[] bytes, string text)
    {
        var found = new List<string>();
        foreach (var (name, pattern) in Forms(text))
        {
            if (bytes.AsSpan().IndexOf(pattern) >= 0)
            {
                found.Add(name);
            }
        }

        return found;
    }

    private static IEnumerable<(string Name, byte[] Pattern)> Forms(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        yield return ("UTF-8", utf8);
        yield return ("UTF-16LE", Encoding.Unicode.GetBytes(text));
        yield return ("UTF-16BE", Encoding.BigEndianUnicode.GetBytes(text));
        yield return ("hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(utf8)));
        yield return ("HEX", Encoding.ASCII.GetBytes(Convert.ToHexString(utf8)));

        // Inside a longer Base64 text the marker's bytes start at one of three offsets modulo 3; each gives different
        // characters. Keep only the characters that depend on the marker alone (drop the first and last group).
        for (var offset = 0; offset < 3; offset++)
        {
            var shifted = new byte[offset + utf8.Length];
            utf8.CopyTo(shifted, offset);
            var base64 = Convert.ToBase64String(shifted);
            var core = base64[(offset == 0 ? 0 : 4)..^4];
            yield return ($"Base64 (offset {offset})", Encoding.ASCII.GetBytes(core));
            yield return ($"Base64url (offset {offset})", Encoding.ASCII.GetBytes(core.Replace('+', '-').Replace('/', '_')));
        }
    }
}
