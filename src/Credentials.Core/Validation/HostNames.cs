using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Credentials;

/// <summary>Host names (RFC 1123 labels) and IP addresses, as a server address field accepts them.</summary>
internal static class HostNames
{
    public const int MaxLength = 253;

    public const string Rule =
        "must be a host name (such as smtp.example.com: letters, digits and hyphens in dot-separated labels of at most 63 characters, not starting or ending with a hyphen) or an IP address";

    public static bool IsValid(string host)
    {
        if (host.Length == 0 || host.Length > MaxLength + 2)
        {
            return false;
        }

        if (host[0] == '[' || host.Contains(':', StringComparison.Ordinal))
        {
            var inner = host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
            return inner.Length > 0 && inner.Contains(':', StringComparison.Ordinal)
                && IPAddress.TryParse(inner, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var name = host.EndsWith('.') ? host[..^1] : host;
        if (name.Length is 0 or > MaxLength)
        {
            return false;
        }

        var labels = name.Split('.');
        if (labels.All(IsNumeric))
        {
            return IsDottedQuad(labels);
        }

        return labels.All(IsLabel);
    }

    private static bool IsLabel(string label)
    {
        if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNumeric(string label) => label.Length > 0 && label.All(char.IsAsciiDigit);

    // Only the plain a.b.c.d form: "1" or "010.1" parse as addresses in some libraries but mean something else to others.
    private static bool IsDottedQuad(string[] labels) =>
        labels.Length == 4 && labels.All(l => l.Length <= 3 && (l.Length == 1 || l[0] != '0')
            && int.Parse(l, NumberStyles.None, CultureInfo.InvariantCulture) <= 255);
}
