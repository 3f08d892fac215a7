using Akka.Mta.Actors;
using Akka.Mta.Core.Logging;

namespace Akka.Mta.Node.Hosting.Metrics;

/// <summary>Feeds <see cref="MessageCounters"/> with every log record published on the event stream.</summary>
public sealed class MetricsSubscriber : ReceiveActor
{
    public MetricsSubscriber(MessageCounters counters) => Receive<LogRecord>(counters.Observe);

    /// <summary>Starts the subscriber and subscribes it at once, so no record published after this call is missed.</summary>
    public static IActorRef Start(ActorSystem system, MessageCounters counters)
    {
        var subscriber = system.ActorOf(Props.Create(() => new MetricsSubscriber(counters)), "metrics");
        system.EventStream.Subscribe<LogRecord>(subscriber);
        return subscriber;
    }
}
