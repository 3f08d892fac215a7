namespace Akka.Mta.Actors;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; the failed message is dropped.</summary>
    Resume,

    /// <summary>Replace the instance; the mailbox (and the stash, put back in front) is kept; the failed message is dropped.</summary>
    Restart,

    /// <summary>Stop the child.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception.</summary>
    Escalate,
}

/// <summary>How an actor handles its children's failures.</summary>
public abstract class SupervisorStrategy
{
    /// <summary>
    /// Akka's default: stop on <see cref="ActorInitializationException"/>, <see cref="ActorKilledException"/>
    /// and <see cref="DeathPactException"/>, restart on any other exception, without limit.
    /// </summary>
    public static readonly SupervisorStrategy DefaultStrategy = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stops the child on any exception.</summary>
    public static readonly SupervisorStrategy StoppingStrategy = new OneForOneStrategy(static _ => Directive.Stop);

    /// <summary>The default decider: Stop for initialization, kill and death-pact failures, else Restart.</summary>
    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/>; negative: unlimited; beyond it the child is stopped.</summary>
    public abstract int MaxNumberOfRetries { get; }

    /// <summary>The window the retries are counted in; null: the child's whole life.</summary>
    public abstract TimeSpan? WithinTimeRange { get; }

    /// <summary>Log every failure with the decision (at error level; Resume at warning).</summary>
    public bool LoggingEnabled { get; init; } = true;

    public abstract Directive Decide(Exception exception);
}

/// <summary>Applies the decision to the failed child only (Akka's OneForOneStrategy).</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    private readonly Func<Exception, Directive> _decider;

    /// <param name="maxNrOfRetries">Restarts allowed in the window; null or negative: unlimited; 0: none (stop).</param>
    /// <param name="withinTimeRange">The window; null: unlimited.</param>
    /// <param name="decider">Exception to directive.</param>
    public OneForOneStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        MaxNumberOfRetries = maxNrOfRetries ?? -1;
        WithinTimeRange = withinTimeRange;
        _decider = decider;
    }

    public OneForOneStrategy(Func<Exception, Directive> decider) : this(null, null, decider)
    {
    }

    public override int MaxNumberOfRetries { get; }

    public override TimeSpan? WithinTimeRange { get; }

    public override Directive Decide(Exception exception) => _decider(exception);
}
