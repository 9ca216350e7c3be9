namespace Credentials;

/// <summary>Settings of the vault. Validated when the host starts (or on first use without a host).</summary>
public sealed class CredentialsOptions
{
    /// <summary>Items per page when a query does not say.</summary>
    /// <value>Defaults to 50. Must be from 1 to <see cref="MaxPageSize"/>.</value>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>The largest page a query may ask for.</summary>
    /// <value>Defaults to 500. Must be from 1 to 10,000.</value>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>
    /// How long a deleted credential is kept (sealed) so it can be recovered, before <c>IDeletedCredentials.PurgeExpiredAsync</c>
    /// removes it for good. Meanwhile it never resolves or lists as active, and its key is free.
    /// </summary>
    /// <value>Defaults to 30 days. Must be more than zero and at most 3,650 days.</value>
    public TimeSpan DeletedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long before its <see cref="CredentialView.ExpiresAt"/> a credential's card says <see cref="CredentialState.Expiring"/>
    /// (and the expiry scan's default window).
    /// </summary>
    /// <value>Defaults to 14 days. Must be from zero to 3,650 days.</value>
    public TimeSpan ExpiringWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Whether outbound calls that carry a secret (live checks such as the SMTP check; OAuth token, discovery and
    /// registration requests) may go to non-public addresses: loopback (127.0.0.0/8, ::1), unspecified (0.0.0.0, ::),
    /// link-local (169.254.0.0/16 with cloud metadata services, fe80::/10), private (10.0.0.0/8, 172.16.0.0/12,
    /// 192.168.0.0/16, fc00::/7), shared CGNAT (100.64.0.0/10), multicast, broadcast and reserved addresses, and IPv6 forms
    /// that carry one (::ffff:127.0.0.1). While false, such a call resolves the host itself and refuses it when any of its
    /// addresses is one of those, so that a credential's host cannot probe the internal network or carry a secret there.
    /// </summary>
    /// <value>
    /// Defaults to false. Set it to true for tests against a local server and for on-premises servers on a private network.
    /// </value>
    public bool AllowPrivateNetworkDestinations { get; set; }
}
