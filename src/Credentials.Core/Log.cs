using Microsoft.Extensions.Logging;

namespace Credentials;

/// <summary>Every log line of the vault. Ids, keys and paths only: never a value.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning,
        "Credentials are protected by the local key file '{Path}'. A key file next to the data is a development setting: whoever copies both reads every secret. In production call UseMasterKey with a key from a secret store, or register another key provider.",
        EventName = "LocalKeyFileInUse")]
    public static partial void LocalKeyFileInUse(ILogger logger, string path);

    [LoggerMessage(2, LogLevel.Information, "Created the key file '{Path}' (mode 0600). Back it up: without it the stored credentials cannot be opened.", EventName = "KeyFileCreated")]
    public static partial void KeyFileCreated(ILogger logger, string path);

    [LoggerMessage(3, LogLevel.Information, "Created credential {CredentialId} with key {Key} in organization {OrganizationId}.", EventName = "CredentialCreated")]
    public static partial void CredentialCreated(ILogger logger, string organizationId, CredentialId credentialId, string key);

    [LoggerMessage(4, LogLevel.Information, "Updated credential {CredentialId} in organization {OrganizationId} to version {Version} (secret changed: {SecretChanged}).", EventName = "CredentialUpdated")]
    public static partial void CredentialUpdated(ILogger logger, string organizationId, CredentialId credentialId, long version, bool secretChanged);

    [LoggerMessage(5, LogLevel.Information, "Deleted credential {CredentialId} with key {Key} in organization {OrganizationId}.", EventName = "CredentialDeleted")]
    public static partial void CredentialDeleted(ILogger logger, string organizationId, CredentialId credentialId, string key);

    [LoggerMessage(6, LogLevel.Error, "Credential {CredentialId} in organization {OrganizationId} failed its integrity check.", EventName = "IntegrityCheckFailed")]
    public static partial void IntegrityCheckFailed(ILogger logger, Exception exception, string organizationId, CredentialId credentialId);

    [LoggerMessage(7, LogLevel.Debug, "Credential store ready: primary key {KeyId}, {CredentialCount} credential(s) stored.", EventName = "StoreReady")]
    public static partial void StoreReady(ILogger logger, string keyId, long credentialCount);

    [LoggerMessage(8, LogLevel.Information, "Checked credential {CredentialId} ({Type}) in organization {OrganizationId}: {Succeeded} of {CheckCount} check(s) succeeded.", EventName = "CredentialChecked")]
    public static partial void CredentialChecked(ILogger logger, string organizationId, CredentialId credentialId, string type, int checkCount, int succeeded);

    [LoggerMessage(9, LogLevel.Warning, "The credential check {Check} threw {ExceptionType}; it is reported as failed.", EventName = "CredentialCheckThrew")]
    public static partial void CheckThrew(ILogger logger, string check, string exceptionType);

    [LoggerMessage(10, LogLevel.Critical, "The key file '{Path}' has mode {Mode}: its group or other users can access it. Refusing to use it; restrict it with chmod 600.", EventName = "KeyFileTooOpen")]
    public static partial void KeyFileTooOpen(ILogger logger, string path, string mode);
}
