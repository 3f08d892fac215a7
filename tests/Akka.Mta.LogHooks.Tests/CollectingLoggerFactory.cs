using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.LogHooks.Tests;

/// <summary>Keeps every log line any of its loggers wrote, so tests can check what was logged and at what level.</summary>
internal sealed class CollectingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, EventId Id, string Text)> Records { get; } = new();

    public IEnumerable<string> Lines(LogLevel atLeast) => Records.Where(r => r.Level >= atLeast).Select(r => r.Text);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Records.Enqueue((category, logLevel, eventId, formatter(state, exception)));
    }
}
