using Microsoft.Extensions.Logging;

namespace Credentials;

/// <summary>Log lines of assignments and soft delete (event ids 200 and up). Ids, keys and kinds only: never a value.</summary>
internal static partial class AssignmentLog
{
    [LoggerMessage(200, LogLevel.Debug, "Assigned credential {CredentialId} to {ConsumerKind} {ConsumerId} in organization {OrganizationId}.", EventName = "CredentialAssigned")]
    public static partial void Assigned(ILogger logger, string organizationId, CredentialId credentialId, string consumerKind, string consumerId);

    [LoggerMessage(201, LogLevel.Debug, "Unassigned credential {CredentialId} from {ConsumerKind} {ConsumerId} in organization {OrganizationId}.", EventName = "CredentialUnassigned")]
    public static partial void Unassigned(ILogger logger, string organizationId, CredentialId credentialId, string consumerKind, string consumerId);

    [LoggerMessage(203, LogLevel.Warning,
        "The {ConsumerKind} handler failed while credential {CredentialId} in organization {OrganizationId} was being {Operation}; the credential and its assignments were left as they were.",
        EventName = "ConsumerHandlerFailed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string organizationId, CredentialId credentialId, string consumerKind, string operation);

    [LoggerMessage(204, LogLevel.Information, "Recovered credential {CredentialId} with key {Key} in organization {OrganizationId}.", EventName = "CredentialRecovered")]
    public static partial void Recovered(ILogger logger, string organizationId, CredentialId credentialId, string key);

    [LoggerMessage(205, LogLevel.Information, "Purged deleted credential {CredentialId} in organization {OrganizationId}.", EventName = "CredentialPurged")]
    public static partial void Purged(ILogger logger, string organizationId, CredentialId credentialId);

    [LoggerMessage(206, LogLevel.Information, "Purged {Count} deleted credential(s) deleted at or before {Cutoff:O}.", EventName = "ExpiredCredentialsPurged")]
    public static partial void ExpiredPurged(ILogger logger, int count, DateTimeOffset cutoff);
}
