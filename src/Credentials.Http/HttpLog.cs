using Microsoft.Extensions.Logging;

namespace Credentials;

/// <summary>Every log line of the HttpClient handler: keys and organization ids, never a value.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(500, LogLevel.Information, "A request authenticated with credential {Key} of organization {OrganizationId} was refused (401); the credential was renewed and the request is sent once more.", EventName = "CredentialRenewedRetrying")]
    public static partial void Retrying(ILogger logger, string key, string organizationId);

    [LoggerMessage(501, LogLevel.Debug, "A request authenticated with credential {Key} of organization {OrganizationId} was refused (401), and the credential could not be renewed.", EventName = "CredentialNotRenewed")]
    public static partial void NotRenewed(ILogger logger, string key, string organizationId);
}
