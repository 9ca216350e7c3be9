using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Connects to the SMTP server, negotiates the credential's encryption and authenticates when a user name is set, then
/// says QUIT. Results name the host, port, mode and user, never the password; exception messages (which may quote
/// server replies) are never passed on.
/// </summary>
/// <remarks>
/// The check must not be a network probe. <see cref="OutboundDestinationGuard"/> resolves the host and refuses loopback,
/// private and link-local addresses unless <see cref="CredentialsOptions.AllowPrivateNetworkDestinations"/> is set, then
/// hands MailKit a socket connected to a vetted address (MailKit never resolves the name). Until a valid SMTP greeting
/// (and EHLO reply) has arrived, every failure reads the same (<see cref="NoSession"/>): refused, reset, timed out, no
/// route, no such host, or a service that is not SMTP. Only after it do authentication, certificate and "no AUTH" get their
/// own messages; those say nothing a port scan would not.
/// </remarks>
internal sealed class SmtpCredentialCheck(
    IOptions<SmtpCheckOptions> options,
    IOptions<CredentialsOptions> credentialsOptions,
    ILoggerFactory? loggerFactory = null) : ICredentialCheck
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Checks.Smtp");

    public CredentialType Type => CredentialType.Smtp;

    public async Task<CredentialCheckResult> CheckAsync(CredentialSecret secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret is not Smtp smtp)
        {
            throw new ArgumentException($"The SMTP check takes Smtp values, not {secret.GetType().Name}.", nameof(secret));
        }

        var guard = new OutboundDestinationGuard(credentialsOptions.Value.AllowPrivateNetworkDestinations);
        var result = await RunAsync(smtp, options.Value, guard, cancellationToken).ConfigureAwait(false);
        Log.Checked(_logger, smtp.Host, smtp.Port, Mode(smtp.Encryption), result.Succeeded);
        return result;
    }

    /// <summary>The one message for every failure before a valid SMTP greeting.</summary>
    internal static CredentialCheckResult NoSession(string where) => CredentialCheckResult.Failure(
        $"could not establish an SMTP session with {where} (connection failed, timed out, or the server did not speak SMTP); check the host, port and encryption",
        "host");

    /// <summary>The result for a host that is, or resolves to, a non-public address.</summary>
    internal static CredentialCheckResult Refused(string host) => CredentialCheckResult.Failure(
        $"the host {host} resolves to a loopback, private or link-local address (or another non-public one); live checks refuse those unless CredentialsOptions.AllowPrivateNetworkDestinations is set",
        "host");

    /// <summary>The host and port as a message shows them: <c>host:port</c>, <c>[::1]:port</c>.</summary>
    internal static string Where(Smtp smtp) => smtp.Host.Contains(':', StringComparison.Ordinal) && !smtp.Host.StartsWith('[')
        ? $"[{smtp.Host}]:{smtp.Port}"
        : $"{smtp.Host}:{smtp.Port}";

    private async Task<CredentialCheckResult> RunAsync(Smtp smtp, SmtpCheckOptions settings, OutboundDestinationGuard guard, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host) || smtp.Port is < 1 or > 65_535 || !Enum.IsDefined(smtp.Encryption))
        {
            return CredentialCheckResult.Failure("the host, port or encryption is not valid; fix the credential first", "host");
        }

        var where = Where(smtp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);

        Socket socket;
        try
        {
            socket = await guard.ConnectAsync(smtp.Host, smtp.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (DestinationRefusedException ex)
        {
            Log.Refused(_logger, smtp.Host, smtp.Port, ex.Kind.ToString());
            return Refused(smtp.Host);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.NoSession(_logger, smtp.Host, smtp.Port, ex.GetType().Name);
            return NoSession(where);
        }

        using (socket)
        {
            return await TalkAsync(socket, smtp, settings, where, timeout.Token, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<CredentialCheckResult> TalkAsync(
        Socket socket, Smtp smtp, SmtpCheckOptions settings, string where, CancellationToken timeout, CancellationToken cancellationToken)
    {
        var untrusted = false;
        var certificateErrors = SslPolicyErrors.None;
        using var client = new SmtpClient
        {
            Timeout = (int)Math.Min(int.MaxValue, settings.Timeout.TotalMilliseconds),
            CheckCertificateRevocation = settings.CheckCertificateRevocation,

            // The verdict is recorded here and acted on right after the greeting, before anything secret is sent: refusing
            // the certificate now would fail the TLS handshake, which for ssl_tls comes before the greeting, where every
            // failure must read the same.
            ServerCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                untrusted |= !(settings.ServerCertificateValidationCallback?.Invoke(sender, certificate, chain, errors) ?? errors == SslPolicyErrors.None);
                certificateErrors |= errors;
                return true;
            },
        };

        try
        {
            await client.ConnectAsync(socket, smtp.Host.Trim('[', ']'), smtp.Port, SocketOptions(smtp.Encryption), timeout).ConfigureAwait(false);
        }
        catch (NotSupportedException) when (smtp.Encryption == SmtpEncryption.StartTls)
        {
            // Thrown after the greeting and the EHLO reply, which did not list STARTTLS.
            return CredentialCheckResult.Failure($"{where} does not offer STARTTLS; check the encryption and port", "encryption");
        }
        catch (SslHandshakeException) when (smtp.Encryption == SmtpEncryption.StartTls)
        {
            // The server greeted and accepted STARTTLS, then the TLS handshake failed.
            return CredentialCheckResult.Failure($"TLS negotiation with {where} failed after STARTTLS; check the encryption and port (465 is usually ssl_tls, 587 starttls)", "encryption");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.NoSession(_logger, smtp.Host, smtp.Port, ex.GetType().Name);
            return NoSession(where);
        }

        // A valid SMTP greeting and EHLO reply arrived: from here on, messages may say what went wrong.
        if (untrusted)
        {
            return CredentialCheckResult.Failure($"TLS negotiation with {where} failed: the server's certificate is not trusted ({certificateErrors})", "encryption");
        }

        return await AuthenticateAsync(client, smtp, settings, where, timeout, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CredentialCheckResult> AuthenticateAsync(
        SmtpClient client, Smtp smtp, SmtpCheckOptions settings, string where, CancellationToken timeout, CancellationToken cancellationToken)
    {
        var stage = "authenticate";
        try
        {
            var authenticated = false;
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                {
                    return CredentialCheckResult.Failure(
                        $"connected to {where} with {Mode(smtp.Encryption)}, but the server offers no authentication (AUTH) there; check the encryption and port",
                        "encryption");
                }

                client.AuthenticationMechanisms.Remove("XOAUTH2");
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, timeout).ConfigureAwait(false);
                authenticated = true;
            }

            stage = "quit";
            await client.DisconnectAsync(quit: true, timeout).ConfigureAwait(false);
            return CredentialCheckResult.Success(authenticated
                ? $"connected to {where} with {Mode(smtp.Encryption)} and authenticated as {smtp.Username}"
                : $"connected to {where} with {Mode(smtp.Encryption)} (no user name, so no authentication was tried)");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (AuthenticationException)
        {
            return CredentialCheckResult.Failure($"authentication failed: {where} rejected the user name or password for user {smtp.Username}", "password");
        }
        catch (SmtpCommandException ex)
        {
            return CredentialCheckResult.Failure($"{where} refused the {stage} step with SMTP status {(int)ex.StatusCode} ({ex.StatusCode})", stage == "authenticate" ? "username" : null);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            var seconds = settings.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            return CredentialCheckResult.Failure($"{where} did not answer within {seconds} s during {stage}; check the host, port and encryption", "host");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException)
        {
            return CredentialCheckResult.Failure($"the SMTP session with {where} broke off during {stage} ({ex.GetType().Name}); check the encryption and port", "encryption");
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpEncryption encryption) => encryption switch
    {
        SmtpEncryption.StartTls => SecureSocketOptions.StartTls,
        SmtpEncryption.SslTls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    private static string Mode(SmtpEncryption encryption) => encryption switch
    {
        SmtpEncryption.StartTls => "STARTTLS",
        SmtpEncryption.SslTls => "TLS (ssl_tls)",
        _ => "no encryption",
    };
}
