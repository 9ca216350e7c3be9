using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Credentials.Tests.Network;

public sealed class OutboundDestinationGuardTests
{
    private static readonly IPAddress PublicA = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress PublicB = IPAddress.Parse("198.51.100.8");

    /// <summary>Records every connection attempt and refuses each one, so nothing leaves the machine.</summary>
    private sealed class RecordingConnector
    {
        public List<IPEndPoint> Attempts { get; } = [];

        public ValueTask<Socket> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
        {
            lock (Attempts)
            {
                Attempts.Add(endPoint);
            }

            throw new SocketException((int)SocketError.ConnectionRefused);
        }
    }

    private static Task<IPAddress[]> NoDns(string host, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"DNS was asked for '{host}'");

    [Theory]
    [InlineData("127.0.0.1", nameof(NetworkAddressKind.Loopback))]
    [InlineData("127.1", nameof(NetworkAddressKind.Loopback))]
    [InlineData("2130706433", nameof(NetworkAddressKind.Loopback))]
    [InlineData("::1", nameof(NetworkAddressKind.Loopback))]
    [InlineData("[::1]", nameof(NetworkAddressKind.Loopback))]
    [InlineData("0.0.0.0", nameof(NetworkAddressKind.Unspecified))]
    [InlineData("::", nameof(NetworkAddressKind.Unspecified))]
    [InlineData("10.0.0.1", nameof(NetworkAddressKind.Private))]
    [InlineData("192.168.0.10", nameof(NetworkAddressKind.Private))]
    [InlineData("169.254.169.254", nameof(NetworkAddressKind.LinkLocal))]
    [InlineData("[fe80::1]", nameof(NetworkAddressKind.LinkLocal))]
    [InlineData("fd00::1", nameof(NetworkAddressKind.Private))]
    [InlineData("100.64.0.1", nameof(NetworkAddressKind.SharedAddressSpace))]
    [InlineData("224.0.0.251", nameof(NetworkAddressKind.Multicast))]
    [InlineData("255.255.255.255", nameof(NetworkAddressKind.Broadcast))]
    [InlineData("::ffff:127.0.0.1", nameof(NetworkAddressKind.Loopback))]
    [InlineData("[::ffff:169.254.169.254]", nameof(NetworkAddressKind.LinkLocal))]
    public async Task ConnectAsync_LiteralNonPublicAddress_RefusedWithoutDnsOrAnyConnection(string host, string kind)
    {
        var connector = new RecordingConnector();
        var guard = new OutboundDestinationGuard(false, NoDns, connector.ConnectAsync);

        var ex = await Assert.ThrowsAsync<DestinationRefusedException>(() => guard.ConnectAsync(host, 25));

        Assert.Equal(Enum.Parse<NetworkAddressKind>(kind), ex.Kind);
        Assert.Equal(host, ex.Host);
        Assert.Empty(connector.Attempts);
    }

    [Fact]
    public async Task ConnectAsync_NameWithOneNonPublicAddressAmongPublicOnes_RefusedWithoutAnyConnection()
    {
        var connector = new RecordingConnector();
        var guard = new OutboundDestinationGuard(false, (_, _) => Task.FromResult(new[] { PublicA, PublicB, IPAddress.Parse("10.1.2.3") }), connector.ConnectAsync);

        var ex = await Assert.ThrowsAsync<DestinationRefusedException>(() => guard.ConnectAsync("mixed.example", 587));

        Assert.Equal(NetworkAddressKind.Private, ex.Kind);
        Assert.Empty(connector.Attempts);
    }

    [Fact]
    public async Task ConnectAsync_Localhost_RefusedThroughRealDnsAndNothingArrives()
    {
        using var observer = TcpTestServer.Observe();
        var guard = new OutboundDestinationGuard(false);

        var ex = await Assert.ThrowsAsync<DestinationRefusedException>(() => guard.ConnectAsync("localhost", observer.Port));

        Assert.Equal(NetworkAddressKind.Loopback, ex.Kind);
        Assert.False(observer.ConnectionArrived);
    }

    [Fact]
    public async Task ConnectAsync_DnsAnswerChangesAfterTheCheck_ConnectsOnlyToTheVettedAddress()
    {
        // DNS rebinding: a public answer first, loopback afterwards. The guard asks once and connects to what it vetted.
        var asked = 0;
        var connector = new RecordingConnector();
        var guard = new OutboundDestinationGuard(
            false,
            (_, _) => Task.FromResult(Interlocked.Increment(ref asked) == 1 ? new[] { PublicA } : [IPAddress.Loopback]),
            connector.ConnectAsync);

        await Assert.ThrowsAsync<SocketException>(() => guard.ConnectAsync("rebinding.example", 25));

        Assert.Equal(1, asked);
        Assert.Equal([new IPEndPoint(PublicA, 25)], connector.Attempts);
    }

    [Fact]
    public async Task ConnectAsync_FirstAddressFails_TriesTheNextVettedAddress()
    {
        using var server = TcpTestServer.Serve((_, _) => Task.CompletedTask);
        var attempts = new List<IPEndPoint>();
        var guard = new OutboundDestinationGuard(
            false,
            (_, _) => Task.FromResult(new[] { PublicA, PublicB }),
            async (endPoint, cancellationToken) =>
            {
                attempts.Add(endPoint);
                if (endPoint.Address.Equals(PublicA))
                {
                    throw new SocketException((int)SocketError.ConnectionRefused);
                }

                // Stands in for PublicB: a real connected socket, so the test needs no network.
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port), cancellationToken);
                return socket;
            });

        using var connected = await guard.ConnectAsync("two.example", 25);

        Assert.True(connected.Connected);
        Assert.Equal([new IPEndPoint(PublicA, 25), new IPEndPoint(PublicB, 25)], attempts);
    }

    [Fact]
    public async Task ConnectAsync_Allowed_ConnectsASocketToTheResolvedLoopbackAddress()
    {
        using var server = TcpTestServer.Serve((_, _) => Task.CompletedTask);
        var guard = new OutboundDestinationGuard(true, (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));

        using var socket = await guard.ConnectAsync("smtp.test", server.Port);

        Assert.True(socket.Connected);
        var remote = Assert.IsType<IPEndPoint>(socket.RemoteEndPoint);
        Assert.Equal(IPAddress.Loopback, remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address);
        Assert.Equal(server.Port, remote.Port);
    }

    [Fact]
    public async Task ConnectAsync_Allowed_LocalhostThroughRealDnsConnects()
    {
        using var server = TcpTestServer.Serve((_, _) => Task.CompletedTask);
        var guard = new OutboundDestinationGuard(true);

        using var socket = await guard.ConnectAsync("localhost", server.Port);

        Assert.True(socket.Connected);
    }

    [Fact]
    public async Task ConnectAsync_NameThatDoesNotResolve_ThrowsSocketException()
    {
        var guard = new OutboundDestinationGuard(false);

        await Assert.ThrowsAsync<SocketException>(() => guard.ConnectAsync("does-not-exist.invalid", 25));
    }

    [Fact]
    public async Task ResolveAsync_EmptyAnswer_IsHostNotFound()
    {
        var guard = new OutboundDestinationGuard(false, (_, _) => Task.FromResult(Array.Empty<IPAddress>()));

        var ex = await Assert.ThrowsAsync<SocketException>(() => guard.ResolveAsync("empty.example"));

        Assert.Equal(SocketError.HostNotFound, ex.SocketErrorCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65_536)]
    public async Task ConnectAsync_PortOutOfRange_Throws(int port)
    {
        var guard = new OutboundDestinationGuard(true, NoDns);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => guard.ConnectAsync("198.51.100.7", port));
    }

    [Fact]
    public async Task ConnectCallbackAsync_Allowed_CarriesAnHttpRequest()
    {
        using var server = TcpTestServer.Serve(AnswerOneHttpRequestAsync);
        var guard = new OutboundDestinationGuard(true);
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectCallbackAsync, UseProxy = false });

        var body = await client.GetStringAsync(new Uri($"http://localhost:{server.Port}/token"));

        Assert.Equal("ok", body);
    }

    [Fact]
    public async Task ConnectCallbackAsync_LoopbackNotAllowed_RequestFailsAndNothingArrives()
    {
        using var observer = TcpTestServer.Observe();
        var guard = new OutboundDestinationGuard(false);
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectCallbackAsync, UseProxy = false });

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(new Uri($"http://localhost:{observer.Port}/token")));

        Assert.IsType<DestinationRefusedException>(ex.InnerException);
        Assert.False(observer.ConnectionArrived);
    }

    [Fact]
    public async Task ConnectCallbackAsync_MetadataAddress_RefusedWithoutAnyConnection()
    {
        var connector = new RecordingConnector();
        var guard = new OutboundDestinationGuard(false, NoDns, connector.ConnectAsync);
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectCallbackAsync, UseProxy = false });

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(new Uri("http://169.254.169.254/latest/meta-data/")));

        Assert.Equal(NetworkAddressKind.LinkLocal, Assert.IsType<DestinationRefusedException>(ex.InnerException).Kind);
        Assert.Empty(connector.Attempts);
    }

    private static async Task AnswerOneHttpRequestAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var request = new StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray(), cancellationToken);
        socket.Shutdown(SocketShutdown.Send);
    }
}
