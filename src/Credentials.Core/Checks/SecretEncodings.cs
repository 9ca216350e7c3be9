using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Credentials;

/// <summary>
/// The forms in which a secret value commonly travels, and so may be echoed back in a server's reply or an exception:
/// the value itself; base64 of its UTF-8 bytes (standard and URL-safe alphabets, each with and without padding); hex
/// (lower and upper case); URL encoding (<see cref="Uri.EscapeDataString(string)"/>, and <see cref="WebUtility.UrlEncode(string)"/> with
/// <c>+</c> for a space, each also with lower-case escapes); JSON string escaping (the default and the relaxed
/// <see cref="JavaScriptEncoder"/>, each also with lower-case <c>\uXXXX</c> escapes).
/// </summary>
/// <remarks>
/// Out of scope: a value base64-encoded in the middle of a larger base64 stream (its characters then depend on its byte
/// offset modulo 3, and the two unaligned forms share no fixed text with the aligned one), base64 wrapped across lines
/// (MIME), double encodings, encodings of other character sets than UTF-8, and other JSON dialects (such as PHP's
/// <c>\/</c>). Text that is not valid UTF-16 (a lone surrogate) has no JSON form here; its UTF-8 forms use U+FFFD.
/// </remarks>
internal static class SecretEncodings
{
    public static IEnumerable<string> Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        yield return value;

        var bytes = Encoding.UTF8.GetBytes(value);
        var base64 = Convert.ToBase64String(bytes);
        yield return base64;
        yield return base64.TrimEnd('=');
        var base64Url = Base64Url.EncodeToString(bytes);
        yield return base64Url;
        yield return base64Url + new string('=', (4 - (base64Url.Length % 4)) % 4);
        yield return Convert.ToHexStringLower(bytes);
        yield return Convert.ToHexString(bytes);

        foreach (var escaped in (string?[])[EscapeDataString(value), WebUtility.UrlEncode(value)])
        {
            if (escaped is not null)
            {
                yield return escaped;
                yield return LowerCaseEscapes(escaped, '%', 2);
            }
        }

        foreach (var encoder in (JavaScriptEncoder[])[JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping])
        {
            if (JsonEscape(value, encoder) is { } json)
            {
                yield return json;
                yield return LowerCaseEscapes(json, 'u', 4);
            }
        }
    }

    private static string? EscapeDataString(string value)
    {
        try
        {
            return Uri.EscapeDataString(value);
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    private static string? JsonEscape(string value, JavaScriptEncoder encoder)
    {
        try
        {
            return JsonEncodedText.Encode(value, encoder).ToString();
        }
        catch (ArgumentException)
        {
            return null; // not valid UTF-16
        }
    }

    /// <summary>Lower-cases the hex digits after each <paramref name="marker"/> (<c>%2F</c> → <c>%2f</c>, <c>\u00E9</c> → <c>\u00e9</c>).</summary>
    private static string LowerCaseEscapes(string text, char marker, int digits)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i + digits < chars.Length; i++)
        {
            if (chars[i] == marker && (marker != 'u' || (i > 0 && chars[i - 1] == '\\')) && chars.AsSpan(i + 1, digits).ContainsOnlyHex())
            {
                for (var j = i + 1; j <= i + digits; j++)
                {
                    chars[j] = char.ToLowerInvariant(chars[j]);
                }
            }
        }

        return new string(chars);
    }

    private static bool ContainsOnlyHex(this Span<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
