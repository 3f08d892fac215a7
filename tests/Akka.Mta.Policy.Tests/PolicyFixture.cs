using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Policy.Tests;

/// <summary>A temporary policy directory with files written by the test, and a host over it.</summary>
internal sealed class PolicyFixture : IDisposable
{
    public PolicyFixture(string initLua, params (string Name, string Content)[] files)
    {
        Directory = Path.Combine(Path.GetTempPath(), "akka-mta-policy-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Write("init.lua", initLua);
        foreach (var (name, content) in files)
        {
            Write(name, content);
        }
    }

    public string Directory { get; }

    public string InitFile => Path.Combine(Directory, "init.lua");

    public CollectingLogger Logger { get; } = new();

    public void Write(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public PolicyHost Start(Func<PolicyHostOptions, PolicyHostOptions>? configure = null)
    {
        var options = new PolicyHostOptions { PolicyFile = InitFile, MaxStates = 4 };
        return PolicyHost.Start(configure?.Invoke(options) ?? options, Logger);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Keeps every log record so tests can read what the host logged.</summary>
internal sealed class CollectingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Text)> Records { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Records.Enqueue((logLevel, eventId, formatter(state, exception)));
}
