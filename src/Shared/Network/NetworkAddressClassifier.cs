using System.Net;

namespace Credentials;

/// <summary>
/// Sorts an IP address into public or one of the non-public <see cref="NetworkAddressKind"/>s. IPv6 forms that carry an
/// IPv4 address are judged by that address: IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96, deprecated), NAT64
/// (64:ff9b::/96) and 6to4 (2002::/16); so ::ffff:127.0.0.1 is loopback and ::ffff:8.8.8.8 is public.
/// </summary>
/// <remarks>
/// Not covered, on purpose: IPv4 ranges that are special but do not reach an internal network (documentation, benchmarking
/// 198.18.0.0/15, IETF 192.0.0.0/24) and Teredo (2001::/32), whose embedded client address is obfuscated and reached
/// through a public relay.
/// </remarks>
internal static class NetworkAddressClassifier
{
    /// <summary>Whether outbound calls that carry a secret may go to <paramref name="address"/> without an opt-in.</summary>
    public static bool IsPublic(IPAddress address) => Classify(address) == NetworkAddressKind.Public;

    /// <summary>What <paramref name="address"/> reaches.</summary>
    public static NetworkAddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException("Only IPv4 and IPv6 addresses can be classified.", nameof(address));
        }

        return written == 4 ? ClassifyIPv4(bytes[..4]) : ClassifyIPv6(bytes);
    }

    private static NetworkAddressKind ClassifyIPv4(ReadOnlySpan<byte> a) => a[0] switch
    {
        0 => NetworkAddressKind.Unspecified,
        10 => NetworkAddressKind.Private,
        100 when (a[1] & 0xC0) == 64 => NetworkAddressKind.SharedAddressSpace,
        127 => NetworkAddressKind.Loopback,
        169 when a[1] == 254 => NetworkAddressKind.LinkLocal,
        172 when (a[1] & 0xF0) == 16 => NetworkAddressKind.Private,
        192 when a[1] == 168 => NetworkAddressKind.Private,
        >= 224 and <= 239 => NetworkAddressKind.Multicast,
        255 when a[1] == 255 && a[2] == 255 && a[3] == 255 => NetworkAddressKind.Broadcast,
        >= 240 => NetworkAddressKind.Reserved,
        _ => NetworkAddressKind.Public,
    };

    private static NetworkAddressKind ClassifyIPv6(ReadOnlySpan<byte> a)
    {
        if (!a[..12].ContainsAnyExcept((byte)0))
        {
            // ::, ::1, and the deprecated IPv4-compatible form ::a.b.c.d.
            return !a[12..15].ContainsAnyExcept((byte)0) && a[15] == 1 ? NetworkAddressKind.Loopback : ClassifyIPv4(a[12..]);
        }

        if (!a[..10].ContainsAnyExcept((byte)0) && a[10] == 0xFF && a[11] == 0xFF)
        {
            return ClassifyIPv4(a[12..]); // IPv4-mapped, ::ffff:a.b.c.d
        }

        if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xFF && a[3] == 0x9B && !a[4..12].ContainsAnyExcept((byte)0))
        {
            return ClassifyIPv4(a[12..]); // NAT64 well-known prefix, 64:ff9b::a.b.c.d
        }

        if (a[0] == 0x20 && a[1] == 0x02)
        {
            return ClassifyIPv4(a[2..6]); // 6to4, 2002:AABB:CCDD::/48
        }

        return a[0] switch
        {
            0xFE when (a[1] & 0xC0) == 0x80 => NetworkAddressKind.LinkLocal,
            0xFE when (a[1] & 0xC0) == 0xC0 => NetworkAddressKind.Private,
            0xFC or 0xFD => NetworkAddressKind.Private,
            0xFF => NetworkAddressKind.Multicast,
            _ => NetworkAddressKind.Public,
        };
    }
}
