using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>How an SMTP connection is protected.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SmtpEncryption>))]
public enum SmtpEncryption
{
    /// <summary>Plain text. Wire name <c>none</c>.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>Upgrade with STARTTLS (usually port 587). Wire name <c>starttls</c>.</summary>
    [JsonStringEnumMemberName("starttls")]
    StartTls,

    /// <summary>TLS from the first byte (usually port 465). Wire name <c>ssl_tls</c>.</summary>
    [JsonStringEnumMemberName("ssl_tls")]
    SslTls,
}
