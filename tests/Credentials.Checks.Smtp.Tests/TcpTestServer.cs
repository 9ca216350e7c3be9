using System.Net;
using System.Net.Sockets;

namespace Credentials.Tests;

/// <summary>
/// A TCP listener on every local address (IPv4 and IPv6 on one dual-mode socket where IPv6 exists), so that it sees a
/// connection to 127.0.0.1, ::1, ::ffff:127.0.0.1 or 0.0.0.0 alike. Either it never accepts (<see cref="Observe"/>:
/// connections wait in its backlog, so <see cref="ConnectionArrived"/> tells whether anything connected), or it hands each
/// connection to a handler (<see cref="Serve"/>), such as a service that is not SMTP.
/// </summary>
public sealed class TcpTestServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;

    private TcpTestServer(Func<Socket, CancellationToken, Task>? handle)
    {
        _listener = TcpListener.Create(0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        if (handle is not null)
        {
            _ = Task.Run(() => AcceptLoopAsync(handle));
        }
    }

    public int Port { get; }

    /// <summary>Whether a connection arrived: accepted by the handler, or waiting in the backlog of an observer.</summary>
    public bool ConnectionArrived => Volatile.Read(ref _accepted) > 0 || _listener.Pending();

    /// <summary>Listens and never accepts.</summary>
    public static TcpTestServer Observe() => new(null);

    /// <summary>Accepts every connection and runs <paramref name="handle"/> on it, then closes it.</summary>
    public static TcpTestServer Serve(Func<Socket, CancellationToken, Task> handle) => new(handle);

    /// <summary>A port on 127.0.0.1 with nothing listening (it was free a moment ago).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync(Func<Socket, CancellationToken, Task> handle)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = Task.Run(async () =>
            {
                using (socket)
                {
                    try
                    {
                        await handle(socket, _stop.Token);
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
                    {
                        // The client went away or the server stopped.
                    }
                }
            });
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Dispose();
        _stop.Dispose();
    }
}
