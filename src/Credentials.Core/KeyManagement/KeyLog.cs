using Microsoft.Extensions.Logging;

namespace Credentials;

/// <summary>Log lines of key management (event ids 100-199). Key ids, counts and paths only: never key material.</summary>
internal static partial class KeyLog
{
    [LoggerMessage(100, LogLevel.Information, "Rotated the key ring: new primary key {KeyId} (previous primary {PreviousKeyId}).", EventName = "KeyRotated")]
    public static partial void KeyRotated(ILogger logger, string keyId, string previousKeyId);

    [LoggerMessage(101, LogLevel.Information, "Rewrapping {Total} credential(s) under primary key {KeyId}.", EventName = "RewrapStarted")]
    public static partial void RewrapStarted(ILogger logger, string keyId, long total);

    [LoggerMessage(102, LogLevel.Debug, "Rewrap progress: {Done} of {Total} credential(s).", EventName = "RewrapProgress")]
    public static partial void RewrapProgress(ILogger logger, long done, long total);

    [LoggerMessage(103, LogLevel.Information,
        "Rewrap under primary key {KeyId} finished in {DurationMs} ms: {Rewrapped} rewrapped, {Conflicts} changed concurrently, {Failed} failed, {Remaining} remaining.",
        EventName = "RewrapFinished")]
    public static partial void RewrapFinished(ILogger logger, string keyId, long rewrapped, long conflicts, long failed, long remaining, long durationMs);

    [LoggerMessage(104, LogLevel.Error, "Credential {CredentialId} in organization {OrganizationId} could not be rewrapped from key {KeyId}: it failed its integrity check.", EventName = "RewrapFailed")]
    public static partial void RewrapFailed(ILogger logger, string organizationId, Guid credentialId, string keyId);

    [LoggerMessage(105, LogLevel.Information, "Retired key {KeyId}.", EventName = "KeyRetired")]
    public static partial void KeyRetired(ILogger logger, string keyId);

    [LoggerMessage(106, LogLevel.Error,
        "{Count} credential(s) are sealed under retired key {KeyId} and cannot be opened; they were written by a process that did not know the key was retired, or rolled back.",
        EventName = "CredentialsUnderRetiredKey")]
    public static partial void CredentialsUnderRetiredKey(ILogger logger, string keyId, long count);

    [LoggerMessage(107, LogLevel.Error, "The background rewrap failed; it will try again in {Interval}.", EventName = "BackgroundRewrapFailed")]
    public static partial void BackgroundRewrapFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(108, LogLevel.Information, "Created a key ring in the credential store, protected by {Protection}, with primary key {KeyId}.", EventName = "StoredKeyRingCreated")]
    public static partial void StoredKeyRingCreated(ILogger logger, string protection, string keyId);

    [LoggerMessage(109, LogLevel.Information, "Another instance changed the keys of the credential store; reloaded them here: primary key {KeyId}, {KeyCount} key(s).", EventName = "RemoteKeyChangeApplied")]
    public static partial void RemoteKeyChangeApplied(ILogger logger, string keyId, int keyCount);

    [LoggerMessage(110, LogLevel.Error, "Another instance changed the keys of the credential store, and reloading them here failed; the next write or unknown key tries again.", EventName = "RemoteKeyChangeFailed")]
    public static partial void RemoteKeyChangeFailed(ILogger logger, Exception exception);

    [LoggerMessage(111, LogLevel.Warning,
        "Rotated to key {KeyId}, but the store could not be written to announce it; other instances pick the key up when they first meet it.",
        EventName = "RotationNotAnnounced")]
    public static partial void RotationNotAnnounced(ILogger logger, Exception exception, string keyId);

    [LoggerMessage(112, LogLevel.Information,
        "Key migration: the keys of the key file '{Path}' open credentials until they are retired; new writes use the configured key provider.",
        EventName = "MigratingFromKeyFile")]
    public static partial void MigratingFromKeyFile(ILogger logger, string path);

    [LoggerMessage(113, LogLevel.Information,
        "Key migration: {Rewrapped} credential(s) rewrapped under primary key {KeyId}; retired {RetiredCount} key(s) of the previous provider; {PendingCount} still in use.",
        EventName = "KeyMigrationStep")]
    public static partial void KeyMigrationStep(ILogger logger, string keyId, long rewrapped, int retiredCount, int pendingCount);

    [LoggerMessage(114, LogLevel.Warning,
        "Key migration complete: nothing is wrapped under the previous key provider any more and its keys are retired. Remove MigrateKeysFrom from the configuration.",
        EventName = "KeyMigrationComplete")]
    public static partial void KeyMigrationComplete(ILogger logger);
}
