namespace Credentials;

/// <summary>
/// <see cref="OutboundDestinationGuard"/> refused a host because it is, or resolves to, a non-public address. Thrown before
/// any connection is attempted.
/// </summary>
internal sealed class DestinationRefusedException : Exception
{
    public DestinationRefusedException(string host, NetworkAddressKind kind)
        : base($"The host '{host}' resolves to a non-public address ({kind}); outbound calls that carry a secret refuse loopback, "
            + "private, link-local and other non-public addresses unless CredentialsOptions.AllowPrivateNetworkDestinations is set.")
    {
        Host = host;
        Kind = kind;
    }

    /// <summary>The host as it was given.</summary>
    public string Host { get; }

    /// <summary>The first non-public kind of address found among the host's addresses.</summary>
    public NetworkAddressKind Kind { get; }
}
