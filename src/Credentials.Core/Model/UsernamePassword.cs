using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>Basic authentication (<c>username</c>, <c>password</c>).</summary>
/// <param name="Username">The user name.</param>
/// <param name="Password">The password. Secret.</param>
public sealed record UsernamePassword(string Username, string Password) : CredentialSecret
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override CredentialType Type => CredentialType.UsernamePassword;

    /// <inheritdoc/>
    public override string ToString() => $"UsernamePassword {{ Username = {Hidden(Username)}, Password = {Hidden(Password)} }}";
}
