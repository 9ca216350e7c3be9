using System.Buffers.Binary;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.Tests.Network;

/// <summary>
/// The guard's classification equals the CIDR reference (<see cref="ReferenceAddressRanges"/>) over generated IPv4 and
/// IPv6 addresses: uniformly random ones, ones inside each block, and ones on either side of each block's edges; IPv6
/// forms that carry an IPv4 address carry one from the same IPv4 generator.
/// </summary>
public sealed class NetworkAddressClassifierProperties
{
    private static readonly Gen<uint> AnyUInt32 =
        from high in Gen.Choose(0, 0xFFFF)
        from low in Gen.Choose(0, 0xFFFF)
        select (uint)high << 16 | (uint)low;

    private static readonly Gen<UInt128> AnyUInt128 =
        from high in AnyUInt32.Two()
        from low in AnyUInt32.Two()
        select new UInt128((ulong)high.Item1 << 32 | high.Item2, (ulong)low.Item1 << 32 | low.Item2);

    /// <summary>Blocks to aim at: the reference's, and a few public neighbours.</summary>
    private static readonly (uint Prefix, int Length)[] IPv4Blocks =
        [.. ReferenceAddressRanges.IPv4.Select(r => ReferenceAddressRanges.ParseIPv4(r.Cidr)),
         .. new[] { "8.8.8.0/24", "100.0.0.0/8", "172.0.0.0/8", "192.0.0.0/8", "169.0.0.0/8" }.Select(ReferenceAddressRanges.ParseIPv4)];

    private static readonly (UInt128 Prefix, int Length, int EmbeddedAt)[] IPv6Blocks =
        [.. ReferenceAddressRanges.IPv6.Select(r => (ReferenceAddressRanges.ParseIPv6(r.Cidr), r.EmbeddedAt)).Select(r => (r.Item1.Prefix, r.Item1.Length, r.EmbeddedAt)),
         .. new[] { "2001:db8::/32", "2606:4700::/32", "fe00::/8" }.Select(c => ReferenceAddressRanges.ParseIPv6(c)).Select(p => (p.Prefix, p.Length, 0))];

    public static Gen<uint> IPv4Value =>
        Gen.OneOf(
            AnyUInt32,
            from block in Gen.Elements(IPv4Blocks)
            from random in AnyUInt32
            from spot in Gen.Elements("inside", "inside", "first", "last", "below", "above")
            let hostMask = block.Length == 32 ? 0u : uint.MaxValue >> block.Length
            let first = block.Prefix & ~hostMask
            let last = first | hostMask
            select spot switch
            {
                "first" => first,
                "last" => last,
                "below" => first - 1,
                "above" => last + 1,
                _ => first | (random & hostMask),
            });

    public static Gen<UInt128> IPv6Value =>
        Gen.OneOf(
            AnyUInt128,
            from block in Gen.Elements(IPv6Blocks)
            from random in AnyUInt128
            from embedded in IPv4Value
            from spot in Gen.Elements("inside", "inside", "inside", "first", "last", "below", "above")
            let hostMask = block.Length == 128 ? UInt128.Zero : UInt128.MaxValue >> block.Length
            let first = block.Prefix & ~hostMask
            let last = first | hostMask
            let inside = first | (random & hostMask)
            let shift = 128 - block.EmbeddedAt - 32
            let withIPv4 = block.EmbeddedAt == 0 ? inside : (inside & ~((UInt128)uint.MaxValue << shift)) | ((UInt128)embedded << shift)
            select spot switch
            {
                "first" => first,
                "last" => last,
                "below" => first - 1,
                "above" => last + 1,
                _ => withIPv4,
            });

    public static Gen<IPAddress> Address =>
        Gen.OneOf(
            IPv4Value.Select(v => new IPAddress(ToBytes(v))),
            IPv6Value.Select(v => new IPAddress(ToBytes(v))));

    [Property(MaxTest = 5000)]
    public Property Classify_AnyAddress_MatchesTheCidrReference() =>
        Prop.ForAll(Address.ToArbitrary(), address =>
            Assert.Equal(ReferenceAddressRanges.Classify(address), NetworkAddressClassifier.Classify(address)));

    [Property(MaxTest = 500)]
    public Property ResolveAsync_AnyAnswer_RefusedExactlyWhenOneAddressIsNotPublic() =>
        Prop.ForAll((from count in Gen.Choose(1, 4) from list in Gen.ArrayOf(Address, count) select list).ToArbitrary(), addresses =>
        {
            var guard = new OutboundDestinationGuard(false, (_, _) => Task.FromResult(addresses));
            var expectRefusal = addresses.Any(a => ReferenceAddressRanges.Classify(a) != NetworkAddressKind.Public);

            var refused = Record.ExceptionAsync(() => guard.ResolveAsync("generated.example")).GetAwaiter().GetResult();

            Assert.Equal(expectRefusal, refused is DestinationRefusedException);
            Assert.True(refused is null or DestinationRefusedException, refused?.ToString());
        });

    private static byte[] ToBytes(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] ToBytes(UInt128 value)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return bytes;
    }
}
