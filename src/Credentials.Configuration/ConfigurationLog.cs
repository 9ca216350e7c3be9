using Microsoft.Extensions.Logging;

namespace Credentials;

/// <summary>Every log line of the configuration provider: organization ids, keys and counts, never a value.</summary>
internal static partial class ConfigurationLog
{
    [LoggerMessage(400, LogLevel.Debug, "Loaded {Count} configuration value(s) from the shared credentials of organization {OrganizationId}.", EventName = "ConfigurationLoaded")]
    public static partial void Loaded(ILogger logger, string organizationId, int count);

    [LoggerMessage(401, LogLevel.Warning, "Could not read the credentials of organization {OrganizationId} for configuration; the values loaded before are kept and the read is tried again.", EventName = "ConfigurationLoadFailed")]
    public static partial void LoadFailed(ILogger logger, Exception exception, string organizationId);

    [LoggerMessage(402, LogLevel.Information, "The credentials of organization {OrganizationId} can be read again; configuration follows them.", EventName = "ConfigurationStoreReadable")]
    public static partial void StoreReadable(ILogger logger, string organizationId);

    [LoggerMessage(403, LogLevel.Error, "The credential {Key} of organization {OrganizationId} failed its integrity check and is left out of configuration.", EventName = "ConfigurationCredentialSkipped")]
    public static partial void CredentialSkipped(ILogger logger, Exception exception, string organizationId, string key);

    [LoggerMessage(404, LogLevel.Warning, "Could not listen for credential changes of organization {OrganizationId}; trying again.", EventName = "ConfigurationSubscribeFailed")]
    public static partial void SubscribeFailed(ILogger logger, Exception exception, string organizationId);

    [LoggerMessage(405, LogLevel.Warning, "The credential storage {Storage} neither announces changes nor has a change counter: configuration from credentials reloads only when asked (IConfigurationRoot.Reload).", EventName = "ConfigurationNoChangeSignal")]
    public static partial void NoChangeSignal(ILogger logger, string storage);
}
