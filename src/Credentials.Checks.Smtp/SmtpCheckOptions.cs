using System.Net.Security;

namespace Credentials;

/// <summary>Settings of the SMTP live check (<c>AddSmtpCheck()</c>).</summary>
public sealed class SmtpCheckOptions
{
    /// <summary>The longest <see cref="Timeout"/> accepted.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    /// <summary>How long the whole check may take: connecting, TLS, authenticating and saying goodbye.</summary>
    /// <value>Defaults to 20 seconds. Must be more than zero and at most 5 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Decides whether the server's TLS certificate is accepted. Leave it null in production: the system's validation
    /// applies. Set it only in tests (for a self-signed test server) or to pin the certificate of a private relay.
    /// </summary>
    /// <value>Defaults to null (the system's certificate validation).</value>
    public RemoteCertificateValidationCallback? ServerCertificateValidationCallback { get; set; }

    /// <summary>Whether to check that the server's certificate was not revoked (needs the CA's revocation service).</summary>
    /// <value>Defaults to true.</value>
    public bool CheckCertificateRevocation { get; set; } = true;
}
