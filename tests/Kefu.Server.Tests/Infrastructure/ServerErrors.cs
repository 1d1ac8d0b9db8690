using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kefu.Server.Tests.Infrastructure;

/// <summary>
/// The last errors any test server logged, so that a test failing on a 500 can say what went wrong on the server side
/// (the servers' console output is not part of the test output).
/// </summary>
public sealed class ServerErrors : ILoggerProvider
{
    private const int Keep = 20;
    private static readonly ConcurrentQueue<string> Recent = new();

    public static ServerErrors Provider { get; } = new();

    /// <summary>The most recent server errors, newest last, for a failure message.</summary>
    public static string Describe() => Recent.IsEmpty ? "(no server errors logged)" : string.Join("\n---\n", Recent);

    public ILogger CreateLogger(string categoryName) => new Capture(categoryName);

    public void Dispose()
    {
        // Shared by every test server of the process; nothing to release.
    }

    private sealed class Capture(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel))
            {
                return;
            }

            Recent.Enqueue($"{category}: {formatter(state, exception)}\n{exception}");
            while (Recent.Count > Keep && Recent.TryDequeue(out _))
            {
            }
        }
    }
}
