using Microsoft.Extensions.Logging;

namespace Credentials;

/// <summary>Log lines of the background operations (last used, expiry scan, purge, audit). Ids, keys and counts only.</summary>
internal static partial class OperationsLog
{
    [LoggerMessage(400, LogLevel.Warning, "Writing the last-used times of {Count} credential(s) failed; they are dropped (last-used is a hint).", EventName = "LastUsedFlushFailed")]
    public static partial void LastUsedFlushFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(401, LogLevel.Information, "Purged {Count} deleted credential(s) deleted at or before {Cutoff:o} (retention {Retention}); next run in {Interval}.", EventName = "PurgeRun")]
    public static partial void PurgeRun(ILogger logger, int count, DateTimeOffset cutoff, TimeSpan retention, TimeSpan interval);

    [LoggerMessage(402, LogLevel.Error, "The background purge of deleted credentials failed; it runs again in {Interval}.", EventName = "PurgeFailed")]
    public static partial void PurgeFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(403, LogLevel.Information, "Expiry scan: {Expiring} expiring, {Expired} expired, {NeedsReconnect} needing reconnect; {Raised} event(s) raised.", EventName = "ExpiryScanRun")]
    public static partial void ExpiryScanRun(ILogger logger, int expiring, int expired, int needsReconnect, int raised);

    [LoggerMessage(404, LogLevel.Error, "The background expiry scan failed; it runs again in {Interval}.", EventName = "ExpiryScanFailed")]
    public static partial void ExpiryScanFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(405, LogLevel.Warning, "A credential event handler ({Handler}) threw {ExceptionType} for {Kind} of credential {CredentialId} in organization {OrganizationId}.", EventName = "CredentialEventHandlerFailed")]
    public static partial void EventHandlerFailed(ILogger logger, string handler, string exceptionType, CredentialEventKind kind, CredentialId credentialId, string organizationId);

    [LoggerMessage(406, LogLevel.Warning, "Appending the audit record {Action} failed; the operation itself stands.", EventName = "AuditAppendFailed")]
    public static partial void AuditAppendFailed(ILogger logger, Exception exception, string action);
}
