using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>Outbound email over SMTP (<c>host</c>, <c>port</c>, <c>username</c>, <c>password</c>, <c>encryption</c>).</summary>
/// <param name="Host">The server's host name or IP address.</param>
/// <param name="Port">The TCP port, 1-65535.</param>
/// <param name="Username">The user name (may be empty for relays without authentication).</param>
/// <param name="Password">The password. Secret.</param>
/// <param name="Encryption">How the connection is protected.</param>
public sealed record Smtp(string Host, int Port, string Username, string Password, SmtpEncryption Encryption) : CredentialSecret
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override CredentialType Type => CredentialType.Smtp;

    /// <inheritdoc/>
    public override string ToString() =>
        $"Smtp {{ Host = {Hidden(Host)}, Port = {Port}, Username = {Hidden(Username)}, Password = {Hidden(Password)}, Encryption = {Encryption} }}";
}
