namespace Credentials;

/// <summary>What an IP address reaches, as far as <see cref="OutboundDestinationGuard"/> is concerned.</summary>
internal enum NetworkAddressKind
{
    /// <summary>A public address: outbound calls may go there.</summary>
    Public,

    /// <summary>0.0.0.0/8 or <c>::</c> (on Linux, connecting to 0.0.0.0 reaches the local machine).</summary>
    Unspecified,

    /// <summary>127.0.0.0/8 or <c>::1</c>.</summary>
    Loopback,

    /// <summary>169.254.0.0/16 (cloud metadata services such as 169.254.169.254) or fe80::/10.</summary>
    LinkLocal,

    /// <summary>10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7 (unique local) or fec0::/10 (deprecated site-local).</summary>
    Private,

    /// <summary>100.64.0.0/10, the carrier-grade NAT shared address space (RFC 6598).</summary>
    SharedAddressSpace,

    /// <summary>224.0.0.0/4 or ff00::/8.</summary>
    Multicast,

    /// <summary>255.255.255.255.</summary>
    Broadcast,

    /// <summary>240.0.0.0/4 other than the broadcast address (reserved for future use, never routed).</summary>
    Reserved,
}
