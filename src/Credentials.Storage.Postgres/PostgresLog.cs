using Microsoft.Extensions.Logging;

namespace Credentials.Storage.Postgres;

/// <summary>The provider's log messages: schema names and counts, never a connection string or a value.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 3001, EventName = "PostgresListenerStarted", Level = LogLevel.Debug,
        Message = "Listening for credential store changes on channel '{Channel}'.")]
    public static partial void ListenerStarted(ILogger logger, string channel);

    [LoggerMessage(EventId = 3002, EventName = "PostgresListenerLost", Level = LogLevel.Warning,
        Message = "The connection listening for credential store changes on channel '{Channel}' failed; reconnecting in {Delay}. Until then other instances' key changes are picked up only when first met.")]
    public static partial void ListenerLost(ILogger logger, Exception exception, string channel, TimeSpan delay);

    [LoggerMessage(EventId = 3003, EventName = "PostgresListenerResumed", Level = LogLevel.Information,
        Message = "Listening again for credential store changes on channel '{Channel}'; subscribers re-read the store.")]
    public static partial void ListenerResumed(ILogger logger, string channel);

    [LoggerMessage(EventId = 3004, EventName = "PostgresChangeSubscriberFailed", Level = LogLevel.Error,
        Message = "A subscriber to credential store changes threw; the others were still notified.")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);
}
