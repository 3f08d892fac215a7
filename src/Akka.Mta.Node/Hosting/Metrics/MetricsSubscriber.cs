using Akka.Actor;
using Akka.Mta.Core.Logging;

namespace Akka.Mta.Node.Hosting.Metrics;

/// <summary>Feeds <see cref="MessageCounters"/> with every log record published on the event stream.</summary>
public static class MetricsSubscriber
{
    /// <summary>Starts the subscriber and subscribes it at once, so no record published after this call is missed.</summary>
    public static IActorRef Start(ActorSystem system, MessageCounters counters)
    {
        var subscriber = system.ActorOf(Props.Create(() => new Subscriber(counters)), "metrics");
        system.EventStream.Subscribe(subscriber, typeof(LogRecord));
        return subscriber;
    }

    private sealed class Subscriber : ReceiveActor
    {
        public Subscriber(MessageCounters counters) => Receive<LogRecord>(counters.Observe);
    }
}
