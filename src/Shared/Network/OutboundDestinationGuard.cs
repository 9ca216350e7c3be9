using System.Net;
using System.Net.Sockets;

namespace Credentials;

/// <summary>
/// Connects an outbound call that carries a secret (a live check, an OAuth token, discovery or registration request) only
/// to public addresses. It resolves the host name itself, refuses the host when ANY of its addresses is not public
/// (<see cref="NetworkAddressClassifier"/>), and then connects a socket to one of the addresses it vetted, so that a
/// second DNS answer cannot send the call elsewhere (no gap between the check and the connection). Literal IP addresses
/// are judged the same way, without DNS.
/// </summary>
/// <remarks>
/// Shared source (<c>src/Shared/Network</c>), compiled into each package that makes outbound calls and internal there.
/// Two entry points: <see cref="ConnectAsync"/> returns a connected <see cref="Socket"/> (for MailKit's
/// <c>ConnectAsync(Socket, ...)</c>), and <see cref="ConnectCallbackAsync"/> fits <c>SocketsHttpHandler.ConnectCallback</c>
/// (set <c>UseProxy = false</c> on that handler: behind a proxy, the callback sees the proxy's address, not the server's).
/// </remarks>
internal sealed class OutboundDestinationGuard
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly Func<IPEndPoint, CancellationToken, ValueTask<Socket>> _connect;

    /// <summary>Creates a guard.</summary>
    /// <param name="allowPrivateNetworkDestinations">
    /// <c>CredentialsOptions.AllowPrivateNetworkDestinations</c>: when true, every address is allowed (the host is still
    /// resolved once here and the socket connected to those addresses).
    /// </param>
    /// <param name="resolve">Resolves a host name to its addresses; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> when null.</param>
    /// <param name="connect">Connects a TCP socket to one address; a plain <see cref="Socket"/> connect when null.</param>
    public OutboundDestinationGuard(
        bool allowPrivateNetworkDestinations,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null,
        Func<IPEndPoint, CancellationToken, ValueTask<Socket>>? connect = null)
    {
        AllowPrivateNetworkDestinations = allowPrivateNetworkDestinations;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
        _connect = connect ?? ConnectSocketAsync;
    }

    /// <summary>Whether non-public addresses are allowed.</summary>
    public bool AllowPrivateNetworkDestinations { get; }

    /// <summary>
    /// The addresses of <paramref name="host"/> (a name, or an IP address, IPv6 with or without brackets), each vetted.
    /// </summary>
    /// <exception cref="DestinationRefusedException">An address is not public and private destinations are not allowed.</exception>
    /// <exception cref="SocketException">The name does not resolve.</exception>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var name = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        var addresses = IPAddress.TryParse(name, out var literal)
            ? [literal]
            : await _resolve(name, cancellationToken).ConfigureAwait(false);
        if (addresses is null || addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (!AllowPrivateNetworkDestinations)
        {
            foreach (var address in addresses)
            {
                var kind = NetworkAddressClassifier.Classify(address);
                if (kind != NetworkAddressKind.Public)
                {
                    throw new DestinationRefusedException(host, kind);
                }
            }
        }

        return addresses;
    }

    /// <summary>
    /// Resolves and vets <paramref name="host"/>, then connects a TCP socket to its addresses in order until one answers.
    /// Nothing is connected when the host is refused.
    /// </summary>
    /// <returns>A connected socket; the caller owns it.</returns>
    /// <exception cref="DestinationRefusedException">An address is not public and private destinations are not allowed.</exception>
    /// <exception cref="SocketException">The name does not resolve, or no address accepted the connection.</exception>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var addresses = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await _connect(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>
    /// <see cref="ConnectAsync"/> in the shape of <c>SocketsHttpHandler.ConnectCallback</c>:
    /// <c>new SocketsHttpHandler { ConnectCallback = guard.ConnectCallbackAsync, UseProxy = false }</c>.
    /// </summary>
    /// <returns>A stream over the connected socket, which it owns.</returns>
    public async ValueTask<Stream> ConnectCallbackAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var socket = await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
        return new NetworkStream(socket, ownsSocket: true);
    }

    private static async ValueTask<Socket> ConnectSocketAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
