using Microsoft.Extensions.Logging;

namespace Credentials;

/// <summary>Every log line of OAuth connections: organizations, credential ids, keys and error codes; never a token, code, verifier or secret.</summary>
internal static partial class OAuthLog
{
    [LoggerMessage(1401, LogLevel.Information, "Began an OAuth connection of credential {CredentialId} in organization {OrganizationId}; it expires at {ExpiresAt}.", EventName = "OAuthFlowBegun")]
    public static partial void FlowBegun(ILogger logger, string organizationId, CredentialId credentialId, DateTimeOffset expiresAt);

    [LoggerMessage(1402, LogLevel.Information, "Connected OAuth credential {CredentialId} ({Key}) in organization {OrganizationId}; the access token expires at {ExpiresAt}.", EventName = "OAuthConnected")]
    public static partial void Connected(ILogger logger, string organizationId, CredentialId credentialId, string key, DateTimeOffset? expiresAt);

    [LoggerMessage(1403, LogLevel.Warning, "An OAuth callback was refused: {Reason}.", EventName = "OAuthCallbackRefused")]
    public static partial void CallbackRefused(ILogger logger, string reason);

    [LoggerMessage(1404, LogLevel.Information, "Refreshed the access token of OAuth credential {CredentialId} ({Key}) in organization {OrganizationId}; it expires at {ExpiresAt}.", EventName = "OAuthRefreshed")]
    public static partial void Refreshed(ILogger logger, string organizationId, CredentialId credentialId, string key, DateTimeOffset? expiresAt);

    [LoggerMessage(1405, LogLevel.Warning, "Refreshing OAuth credential {CredentialId} ({Key}) in organization {OrganizationId} failed ({Reason}); its current access token is still valid until {ExpiresAt} and is used.", EventName = "OAuthRefreshFailedUsingCurrent")]
    public static partial void RefreshFailedUsingCurrent(ILogger logger, string organizationId, CredentialId credentialId, string key, string reason, DateTimeOffset? expiresAt);

    [LoggerMessage(1406, LogLevel.Warning, "OAuth credential {CredentialId} ({Key}) in organization {OrganizationId} needs reconnecting: the authorization server answered {Error}.", EventName = "OAuthReconnectRequired")]
    public static partial void ReconnectRequired(ILogger logger, string organizationId, CredentialId credentialId, string key, string error);

    [LoggerMessage(1407, LogLevel.Error, "Refreshing OAuth credential {CredentialId} ({Key}) in organization {OrganizationId} failed: {Reason}.", EventName = "OAuthRefreshFailed")]
    public static partial void RefreshFailed(ILogger logger, string organizationId, CredentialId credentialId, string key, string reason);

    [LoggerMessage(1408, LogLevel.Debug, "OAuth credential {CredentialId} in organization {OrganizationId} is being refreshed by another instance; waiting.", EventName = "OAuthLeaseHeldElsewhere")]
    public static partial void LeaseHeldElsewhere(ILogger logger, string organizationId, CredentialId credentialId);

    [LoggerMessage(1409, LogLevel.Information, "Registered an OAuth client at {Issuer} and stored it as credential {CredentialId} ({Key}) in organization {OrganizationId}.", EventName = "OAuthClientRegistered")]
    public static partial void ClientRegistered(ILogger logger, string organizationId, CredentialId credentialId, string key, string issuer);

    [LoggerMessage(1410, LogLevel.Warning, "New tokens of OAuth credential {CredentialId} in organization {OrganizationId} were dropped: the credential changed while they were obtained.", EventName = "OAuthTokensSuperseded")]
    public static partial void TokensSuperseded(ILogger logger, string organizationId, CredentialId credentialId);
}
