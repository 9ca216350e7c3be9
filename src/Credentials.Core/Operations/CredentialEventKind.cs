namespace Credentials;

/// <summary>What a <see cref="CredentialEvent"/> reports.</summary>
public enum CredentialEventKind
{
    /// <summary>The credential's <see cref="CredentialView.ExpiresAt"/> falls within the scan's window.</summary>
    Expiring,

    /// <summary>The credential's <see cref="CredentialView.ExpiresAt"/> has passed.</summary>
    Expired,

    /// <summary>An OAuth 2.0 credential's refresh was refused: a user must connect it again.</summary>
    NeedsReconnect,
}
