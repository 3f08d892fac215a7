using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Actors;

/// <summary>Options of an <see cref="ActorSystem"/>.</summary>
public sealed record ActorSystemSettings
{
    public static readonly ActorSystemSettings Default = new();

    /// <summary>The clock of timers, the scheduler, receive timeouts, Ask timeouts and restart windows.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>User messages an actor processes before yielding its thread (Akka's dispatcher throughput).</summary>
    public int Throughput { get; init; } = 100;

    /// <summary>Ask's timeout when the caller gives none.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many dead letters are logged before logging them stops (0: none); all are published.</summary>
    public int LogDeadLetters { get; init; } = 10;

    public bool LogDeadLettersDuringShutdown { get; init; }

    /// <summary>
    /// How /user supervises top-level actors (default: Akka's default strategy). Escalate from a
    /// top-level actor stops it: a failure never takes the process down.
    /// </summary>
    public SupervisorStrategy GuardianSupervisorStrategy { get; init; } = SupervisorStrategy.DefaultStrategy;
}
