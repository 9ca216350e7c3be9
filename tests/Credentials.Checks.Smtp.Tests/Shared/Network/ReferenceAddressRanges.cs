using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Credentials.Tests.Network;

/// <summary>
/// An independent statement of the guard's rules, written as a table of CIDR blocks and checked with plain prefix
/// arithmetic on the address as a number; first match wins. <see cref="NetworkAddressClassifierProperties"/> compares
/// <see cref="NetworkAddressClassifier"/> with it over generated addresses.
/// </summary>
internal static class ReferenceAddressRanges
{
    /// <summary>IPv4 blocks and what they reach; anything else is public.</summary>
    public static readonly (string Cidr, NetworkAddressKind Kind)[] IPv4 =
    [
        ("255.255.255.255/32", NetworkAddressKind.Broadcast),
        ("0.0.0.0/8", NetworkAddressKind.Unspecified),
        ("127.0.0.0/8", NetworkAddressKind.Loopback),
        ("10.0.0.0/8", NetworkAddressKind.Private),
        ("172.16.0.0/12", NetworkAddressKind.Private),
        ("192.168.0.0/16", NetworkAddressKind.Private),
        ("100.64.0.0/10", NetworkAddressKind.SharedAddressSpace),
        ("169.254.0.0/16", NetworkAddressKind.LinkLocal),
        ("224.0.0.0/4", NetworkAddressKind.Multicast),
        ("240.0.0.0/4", NetworkAddressKind.Reserved),
    ];

    /// <summary>
    /// IPv6 blocks: either a kind, or (kind null) a form that carries an IPv4 address starting at bit <c>EmbeddedAt</c>,
    /// judged by the IPv4 table.
    /// </summary>
    public static readonly (string Cidr, NetworkAddressKind? Kind, int EmbeddedAt)[] IPv6 =
    [
        ("::1/128", NetworkAddressKind.Loopback, 0),
        ("::/128", NetworkAddressKind.Unspecified, 0),
        ("::ffff:0:0/96", null, 96),  // IPv4-mapped
        ("::/96", null, 96),          // IPv4-compatible (deprecated)
        ("64:ff9b::/96", null, 96),   // NAT64 well-known prefix
        ("2002::/16", null, 16),      // 6to4
        ("fe80::/10", NetworkAddressKind.LinkLocal, 0),
        ("fec0::/10", NetworkAddressKind.Private, 0),
        ("fc00::/7", NetworkAddressKind.Private, 0),
        ("ff00::/8", NetworkAddressKind.Multicast, 0),
    ];

    public static NetworkAddressKind Classify(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.Length == 4)
        {
            return ClassifyIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }

        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        foreach (var (cidr, kind, embeddedAt) in IPv6)
        {
            var (prefix, length) = ParseIPv6(cidr);
            if (length == 0 || value >> (128 - length) == prefix >> (128 - length))
            {
                return kind ?? ClassifyIPv4((uint)(value >> (128 - embeddedAt - 32)));
            }
        }

        return NetworkAddressKind.Public;
    }

    public static NetworkAddressKind ClassifyIPv4(uint value)
    {
        foreach (var (cidr, kind) in IPv4)
        {
            var (prefix, length) = ParseIPv4(cidr);
            if (value >> (32 - length) == prefix >> (32 - length))
            {
                return kind;
            }
        }

        return NetworkAddressKind.Public;
    }

    public static (uint Prefix, int Length) ParseIPv4(string cidr)
    {
        var parts = cidr.Split('/');
        return (BinaryPrimitives.ReadUInt32BigEndian(IPAddress.Parse(parts[0]).GetAddressBytes()), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public static (UInt128 Prefix, int Length) ParseIPv6(string cidr)
    {
        var parts = cidr.Split('/');
        return (BinaryPrimitives.ReadUInt128BigEndian(IPAddress.Parse(parts[0]).GetAddressBytes()), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
