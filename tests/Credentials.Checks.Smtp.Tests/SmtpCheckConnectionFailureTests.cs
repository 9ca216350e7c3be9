using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Credentials.Tests.SmtpChecks;

/// <summary>
/// Before a valid SMTP greeting, every failure reads the same, so the check cannot tell an open port from a closed one:
/// nothing listening, a connection accepted and closed or reset, a service that writes something other than SMTP, one
/// that greets like SMTP but then answers nothing SMTP-like, one that says nothing, and a name that does not resolve.
/// These run on loopback with <see cref="CredentialsOptions.AllowPrivateNetworkDestinations"/> set.
/// </summary>
public sealed class SmtpCheckConnectionFailureTests
{
    public enum Behaviour
    {
        Closed,
        AcceptAndClose,
        AcceptAndReset,
        WriteGarbage,
        WriteSshBanner,
        WriteHttp,
        FtpLike,
        GreetThenClose,
        Silent,
        NoSuchHost,
    }

    public static TheoryData<Behaviour, SmtpEncryption> Cases()
    {
        var data = new TheoryData<Behaviour, SmtpEncryption>();
        foreach (var behaviour in Enum.GetValues<Behaviour>())
        {
            foreach (var encryption in new[] { SmtpEncryption.None, SmtpEncryption.StartTls, SmtpEncryption.SslTls })
            {
                data.Add(behaviour, encryption);
            }
        }

        return data;
    }

    private static SmtpCredentialCheck Check() => new(
        Options.Create(new SmtpCheckOptions { Timeout = TimeSpan.FromSeconds(1), CheckCertificateRevocation = false }),
        Options.Create(new CredentialsOptions { AllowPrivateNetworkDestinations = true }));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CheckAsync_AnyFailureBeforeTheGreeting_GivesTheClosedPortMessage(Behaviour behaviour, SmtpEncryption encryption)
    {
        var closedPort = TcpTestServer.ClosedPort();
        var closed = await Check().CheckAsync(new Smtp("127.0.0.1", closedPort, "mailer@example.com", "s3cret-Passw0rd!", encryption));
        using var server = Start(behaviour);
        var host = behaviour == Behaviour.NoSuchHost ? "does-not-exist.invalid" : "127.0.0.1";
        var port = server?.Port ?? closedPort;
        var smtp = new Smtp(host, port, "mailer@example.com", "s3cret-Passw0rd!", encryption);

        var result = await Check().CheckAsync(smtp);

        Assert.Equal(SmtpCredentialCheck.NoSession(SmtpCredentialCheck.Where(smtp)), result);
        Assert.Equal(Normalize(closed.Message, "127.0.0.1", closedPort), Normalize(result.Message, host, port));
        Assert.Equal(closed.Field, result.Field);
        Assert.Equal(
            $"could not establish an SMTP session with {host}:{port} (connection failed, timed out, or the server did not speak SMTP); check the host, port and encryption",
            result.Message);
    }

    private static string Normalize(string message, string host, int port) => message.Replace($"{host}:{port}", "HOST:PORT", StringComparison.Ordinal);

    private static TcpTestServer? Start(Behaviour behaviour) => behaviour switch
    {
        Behaviour.AcceptAndClose => TcpTestServer.Serve((_, _) => Task.CompletedTask),
        Behaviour.AcceptAndReset => TcpTestServer.Serve((socket, _) =>
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
            return Task.CompletedTask;
        }),
        Behaviour.WriteGarbage => TcpTestServer.Serve((socket, ct) => WriteThenWaitAsync(socket, [0x16, 0x03, 0x01, 0xFF, 0x00, 0x7F, 0x0D, 0x0A, 0x42, 0x00], ct)),
        Behaviour.WriteSshBanner => TcpTestServer.Serve((socket, ct) => WriteThenWaitAsync(socket, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"u8.ToArray(), ct)),
        Behaviour.WriteHttp => TcpTestServer.Serve((socket, ct) => WriteThenWaitAsync(socket, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), ct)),
        Behaviour.FtpLike => TcpTestServer.Serve(FtpLikeAsync),
        Behaviour.GreetThenClose => TcpTestServer.Serve((socket, ct) => socket.SendAsync("220 mail.example.com ESMTP\r\n"u8.ToArray(), ct).AsTask()),
        Behaviour.Silent => TcpTestServer.Serve((_, ct) => Task.Delay(Timeout.Infinite, ct)),
        _ => null,
    };

    private static async Task WriteThenWaitAsync(Socket socket, byte[] bytes, CancellationToken cancellationToken)
    {
        await socket.SendAsync(bytes, cancellationToken);
        var buffer = new byte[1024];
        while (await socket.ReceiveAsync(buffer, cancellationToken) > 0)
        {
            // Read whatever comes until the client gives up.
        }
    }

    /// <summary>Greets with 220 like an FTP server does, then answers every line with an FTP error.</summary>
    private static async Task FtpLikeAsync(Socket socket, CancellationToken cancellationToken)
    {
        await socket.SendAsync("220 ProFTPD Server (Debian) ready.\r\n"u8.ToArray(), cancellationToken);
        var buffer = new byte[1024];
        while (await socket.ReceiveAsync(buffer, cancellationToken) > 0)
        {
            await socket.SendAsync("500 Command not understood.\r\n"u8.ToArray(), cancellationToken);
        }
    }
}
