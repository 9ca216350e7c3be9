using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Credentials.AspNetCore;

/// <summary>The version as an entity tag: <c>ETag: "&lt;version&gt;"</c> out, <c>If-Match: "&lt;version&gt;"</c> in.</summary>
internal static class ETags
{
    public static string Format(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static void Set(HttpResponse response, long version) => response.Headers.ETag = Format(version);

    /// <summary>
    /// Reads <c>If-Match</c>: absent or <c>*</c> is no condition (null version); one strong tag holding a version is
    /// that version; anything else (a weak tag, a list, garbage) is a malformed request.
    /// </summary>
    public static bool TryParseIfMatch(StringValues header, out long? version)
    {
        version = null;
        if (StringValues.IsNullOrEmpty(header))
        {
            return true;
        }

        if (header.Count != 1)
        {
            return false;
        }

        var text = header.ToString().Trim();
        if (text == "*")
        {
            return true;
        }

        if (text.Length < 3 || text[0] != '"' || text[^1] != '"')
        {
            return false;
        }

        if (long.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }

        return false;
    }
}
