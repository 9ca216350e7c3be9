using System.Text;

namespace Credentials.Cli.Tests.Infrastructure;

/// <summary>
/// Secret values the tests plant and then look for where they must never be (a bundle file, the tool's output): each
/// is unique, long enough not to occur by chance, and searched in UTF-8, UTF-16 (both byte orders) and Base64.
/// </summary>
public static class Markers
{
    public static string New(string what) => $"MARKER-{what}-{Guid.NewGuid():N}";

    /// <summary>Where in <paramref name="bytes"/> the marker appears, in any encoding it could have been written in; null when nowhere.</summary>
    public static string? FindIn(byte[] bytes, string marker)
    {
        foreach (var (name, encoded) in Encodings(marker))
        {
            if (bytes.AsSpan().IndexOf(encoded) >= 0)
            {
                return name;
            }
        }

        return null;
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Encodings(string marker)
    {
        var utf8 = Encoding.UTF8.GetBytes(marker);
        yield return ("UTF-8", utf8);
        yield return ("UTF-16LE", Encoding.Unicode.GetBytes(marker));
        yield return ("UTF-16BE", Encoding.BigEndianUnicode.GetBytes(marker));

        // Base64 of the marker at each of the three alignments inside a longer Base64 text: the characters that depend
        // only on the marker's own bytes (drop the first and last few, which mix with the neighbours).
        for (var shift = 0; shift < 3; shift++)
        {
            var padded = new byte[shift + utf8.Length];
            utf8.CopyTo(padded, shift);
            var text = Convert.ToBase64String(padded);
            var core = text[4..^4];
            if (core.Length < 8)
            {
                continue;
            }

            yield return ($"Base64 (offset {shift})", Encoding.ASCII.GetBytes(core));
            yield return ($"Base64url (offset {shift})", Encoding.ASCII.GetBytes(core.Replace('+', '-').Replace('/', '_')));
        }
    }
}
