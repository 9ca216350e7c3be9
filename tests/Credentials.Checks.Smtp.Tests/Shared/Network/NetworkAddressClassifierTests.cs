using System.Net;

namespace Credentials.Tests.Network;

public sealed class NetworkAddressClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", nameof(NetworkAddressKind.Loopback))]
    [InlineData("127.255.255.254", nameof(NetworkAddressKind.Loopback))]
    [InlineData("::1", nameof(NetworkAddressKind.Loopback))]
    [InlineData("0.0.0.0", nameof(NetworkAddressKind.Unspecified))]
    [InlineData("0.1.2.3", nameof(NetworkAddressKind.Unspecified))]
    [InlineData("::", nameof(NetworkAddressKind.Unspecified))]
    [InlineData("169.254.169.254", nameof(NetworkAddressKind.LinkLocal))]
    [InlineData("169.254.0.1", nameof(NetworkAddressKind.LinkLocal))]
    [InlineData("fe80::1", nameof(NetworkAddressKind.LinkLocal))]
    [InlineData("febf:ffff::1", nameof(NetworkAddressKind.LinkLocal))]
    [InlineData("10.0.0.1", nameof(NetworkAddressKind.Private))]
    [InlineData("172.16.0.1", nameof(NetworkAddressKind.Private))]
    [InlineData("172.31.255.255", nameof(NetworkAddressKind.Private))]
    [InlineData("192.168.1.1", nameof(NetworkAddressKind.Private))]
    [InlineData("fc00::1", nameof(NetworkAddressKind.Private))]
    [InlineData("fd12:3456::1", nameof(NetworkAddressKind.Private))]
    [InlineData("fec0::1", nameof(NetworkAddressKind.Private))]
    [InlineData("100.64.0.1", nameof(NetworkAddressKind.SharedAddressSpace))]
    [InlineData("100.127.255.255", nameof(NetworkAddressKind.SharedAddressSpace))]
    [InlineData("224.0.0.1", nameof(NetworkAddressKind.Multicast))]
    [InlineData("239.255.255.255", nameof(NetworkAddressKind.Multicast))]
    [InlineData("ff02::1", nameof(NetworkAddressKind.Multicast))]
    [InlineData("255.255.255.255", nameof(NetworkAddressKind.Broadcast))]
    [InlineData("240.0.0.1", nameof(NetworkAddressKind.Reserved))]
    [InlineData("::ffff:127.0.0.1", nameof(NetworkAddressKind.Loopback))]
    [InlineData("::ffff:10.0.0.1", nameof(NetworkAddressKind.Private))]
    [InlineData("::ffff:169.254.169.254", nameof(NetworkAddressKind.LinkLocal))]
    [InlineData("::127.0.0.1", nameof(NetworkAddressKind.Loopback))]
    [InlineData("::10.1.2.3", nameof(NetworkAddressKind.Private))]
    [InlineData("64:ff9b::a9fe:a9fe", nameof(NetworkAddressKind.LinkLocal))]
    [InlineData("2002:7f00:1::1", nameof(NetworkAddressKind.Loopback))]
    [InlineData("2002:c0a8:101::1", nameof(NetworkAddressKind.Private))]
    [InlineData("8.8.8.8", nameof(NetworkAddressKind.Public))]
    [InlineData("1.1.1.1", nameof(NetworkAddressKind.Public))]
    [InlineData("100.63.255.255", nameof(NetworkAddressKind.Public))]
    [InlineData("100.128.0.0", nameof(NetworkAddressKind.Public))]
    [InlineData("172.15.255.255", nameof(NetworkAddressKind.Public))]
    [InlineData("172.32.0.0", nameof(NetworkAddressKind.Public))]
    [InlineData("169.253.255.255", nameof(NetworkAddressKind.Public))]
    [InlineData("192.167.255.255", nameof(NetworkAddressKind.Public))]
    [InlineData("223.255.255.255", nameof(NetworkAddressKind.Public))]
    [InlineData("2606:4700:4700::1111", nameof(NetworkAddressKind.Public))]
    [InlineData("::ffff:8.8.8.8", nameof(NetworkAddressKind.Public))]
    [InlineData("64:ff9b::808:808", nameof(NetworkAddressKind.Public))]
    [InlineData("2002:808:808::1", nameof(NetworkAddressKind.Public))]
    [InlineData("fbff::1", nameof(NetworkAddressKind.Public))]
    public void Classify_KnownAddress_IsItsKind(string address, string kind)
    {
        var expected = Enum.Parse<NetworkAddressKind>(kind);
        Assert.Equal(expected, NetworkAddressClassifier.Classify(IPAddress.Parse(address)));
        Assert.Equal(expected, ReferenceAddressRanges.Classify(IPAddress.Parse(address)));
    }

    [Fact]
    public void Classify_ScopedLinkLocal_IsLinkLocal()
    {
        Assert.Equal(NetworkAddressKind.LinkLocal, NetworkAddressClassifier.Classify(new IPAddress(IPAddress.Parse("fe80::1").GetAddressBytes(), scopeid: 2)));
    }
}
