namespace Credentials;

/// <summary>What a credential's card says about it (<see cref="CredentialView.State"/>).</summary>
public enum CredentialState
{
    /// <summary>Nothing to do.</summary>
    Active,

    /// <summary><see cref="CredentialView.ExpiresAt"/> is within <see cref="CredentialsOptions.ExpiringWindow"/>.</summary>
    Expiring,

    /// <summary><see cref="CredentialView.ExpiresAt"/> has passed.</summary>
    Expired,

    /// <summary>An OAuth 2.0 credential whose refresh was refused: connect it again (shown on single views and listings).</summary>
    NeedsReconnect,
}
