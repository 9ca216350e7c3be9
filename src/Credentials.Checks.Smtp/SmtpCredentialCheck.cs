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
internal sealed class SmtpCredentialCheck(IOptions<SmtpCheckOptions> options, ILoggerFactory? loggerFactory = null) : ICredentialCheck
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

        var result = await RunAsync(smtp, options.Value, cancellationToken).ConfigureAwait(false);
        Log.Checked(_logger, smtp.Host, smtp.Port, Mode(smtp.Encryption), result.Succeeded);
        return result;
    }

    private static async Task<CredentialCheckResult> RunAsync(Smtp smtp, SmtpCheckOptions settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host) || smtp.Port is < 1 or > 65_535 || !Enum.IsDefined(smtp.Encryption))
        {
            return CredentialCheckResult.Failure("the host, port or encryption is not valid; fix the credential first", "host");
        }

        var where = smtp.Host.Contains(':', StringComparison.Ordinal) && !smtp.Host.StartsWith('[')
            ? $"[{smtp.Host}]:{smtp.Port}"
            : $"{smtp.Host}:{smtp.Port}";
        var seconds = settings.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        SslPolicyErrors? certificateErrors = null;
        var stage = "connect";

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        using var client = new SmtpClient
        {
            Timeout = (int)Math.Min(int.MaxValue, settings.Timeout.TotalMilliseconds),
            CheckCertificateRevocation = settings.CheckCertificateRevocation,
            ServerCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                certificateErrors = errors;
                return settings.ServerCertificateValidationCallback?.Invoke(sender, certificate, chain, errors) ?? errors == SslPolicyErrors.None;
            },
        };

        try
        {
            await client.ConnectAsync(smtp.Host.Trim('[', ']'), smtp.Port, SocketOptions(smtp.Encryption), timeout.Token).ConfigureAwait(false);
            var authenticated = false;
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                stage = "authenticate";
                if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                {
                    return CredentialCheckResult.Failure(
                        $"connected to {where} with {Mode(smtp.Encryption)}, but the server offers no authentication (AUTH) there; check the encryption and port",
                        "encryption");
                }

                client.AuthenticationMechanisms.Remove("XOAUTH2");
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, timeout.Token).ConfigureAwait(false);
                authenticated = true;
            }

            stage = "quit";
            await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
            return CredentialCheckResult.Success(authenticated
                ? $"connected to {where} with {Mode(smtp.Encryption)} and authenticated as {smtp.Username}"
                : $"connected to {where} with {Mode(smtp.Encryption)} (no user name, so no authentication was tried)");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return CredentialCheckResult.Failure($"{where} did not answer within {seconds} s during {stage}; check the host, port and encryption", "host");
        }
        catch (AuthenticationException)
        {
            return CredentialCheckResult.Failure($"authentication failed: {where} rejected the user name or password for user {smtp.Username}", "password");
        }
        catch (SslHandshakeException)
        {
            return certificateErrors is { } errors && errors != SslPolicyErrors.None
                ? CredentialCheckResult.Failure($"TLS negotiation with {where} failed: the server's certificate is not trusted ({errors})", "encryption")
                : CredentialCheckResult.Failure($"TLS negotiation with {where} failed: the server does not speak {Mode(smtp.Encryption)} there; check the encryption and port (465 is usually ssl_tls, 587 starttls)", "encryption");
        }
        catch (NotSupportedException) when (stage == "connect" && smtp.Encryption == SmtpEncryption.StartTls)
        {
            return CredentialCheckResult.Failure($"{where} does not offer STARTTLS; check the encryption and port", "encryption");
        }
        catch (SocketException ex)
        {
            return CredentialCheckResult.Failure(Describe(ex.SocketErrorCode, where, seconds), ex.SocketErrorCode == SocketError.HostNotFound ? "host" : "port");
        }
        catch (IOException ex) when (ex.InnerException is SocketException socket)
        {
            return CredentialCheckResult.Failure(Describe(socket.SocketErrorCode, where, seconds), "host");
        }
        catch (TimeoutException)
        {
            return CredentialCheckResult.Failure($"{where} did not answer within {seconds} s during {stage}; check the host, port and encryption", "host");
        }
        catch (SmtpCommandException ex)
        {
            return CredentialCheckResult.Failure($"{where} refused the {stage} step with SMTP status {(int)ex.StatusCode} ({ex.StatusCode})", stage == "authenticate" ? "username" : null);
        }
        catch (SmtpProtocolException)
        {
            return CredentialCheckResult.Failure($"{where} did not speak SMTP as expected during {stage}; check the encryption and port", "encryption");
        }
        catch (IOException ex)
        {
            return CredentialCheckResult.Failure($"the connection to {where} broke during {stage} ({ex.GetType().Name}); check the encryption and port", "encryption");
        }
    }

    private static string Describe(SocketError error, string where, string seconds) => error switch
    {
        SocketError.ConnectionRefused => $"could not connect to {where}: connection refused (nothing listens on that port)",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"could not connect to {where}: the host name does not resolve",
        SocketError.TimedOut => $"could not connect to {where}: no answer within {seconds} s",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"could not connect to {where}: the network or host is unreachable",
        _ => $"could not connect to {where} ({error})",
    };

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
