using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Credentials.OAuth.Tests;

/// <summary>Captures every log line (formatted message, structured values and exception) so tests can check that no secret is logged.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("|", pairs.Select(p => p.Value)) : string.Empty;
            owner.Entries.Enqueue((logLevel, formatter(state, exception) + "|" + values + "|" + exception));
        }
    }
}
