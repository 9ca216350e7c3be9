namespace Credentials;

/// <summary>Whether an OAuth 2.0 credential can get access tokens.</summary>
public enum ConnectionState
{
    /// <summary>No token yet: someone must connect it (<see cref="ICredentialConnections.BeginAsync"/>).</summary>
    NotConnected,

    /// <summary>It has tokens (or, for client_credentials, can mint them).</summary>
    Connected,

    /// <summary>The authorization server no longer accepts its grant: connect it again.</summary>
    NeedsReconnect,
}
