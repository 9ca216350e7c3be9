using Microsoft.Extensions.Logging;

namespace Credentials.AspNetCore;

/// <summary>The API's log messages: methods, endpoints and exception types, never a value.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "RequestRefused", Level = LogLevel.Debug,
        Message = "Credentials API {Method} {Endpoint} answered a problem for {ExceptionType}")]
    public static partial void RequestRefused(ILogger logger, string method, string? endpoint, string exceptionType);

    [LoggerMessage(EventId = 2, EventName = "RequestFailedOnServer", Level = LogLevel.Error,
        Message = "Credentials API {Method} {Endpoint} failed with {ExceptionType}")]
    public static partial void RequestFailedOnServer(ILogger logger, string method, string? endpoint, string exceptionType, Exception exception);
}
