using System.Threading.Channels;

namespace Akka.Mta.Actors.TestKit;

/// <summary>The actor behind a probe: queues every message (with its sender) for the test thread.</summary>
internal sealed class ProbeActor(ChannelWriter<Envelope> queue) : UntypedActor
{
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ProbeWatch watch:
                Context.Watch(watch.Target);
                watch.Done.TrySetResult();
                break;
            case ProbeUnwatch unwatch:
                Context.Unwatch(unwatch.Target);
                unwatch.Done.TrySetResult();
                break;
            default:
                queue.TryWrite(new Envelope(message, Context.Sender));
                break;
        }
    }
}

internal sealed record ProbeWatch(IActorRef Target, TaskCompletionSource Done);

internal sealed record ProbeUnwatch(IActorRef Target, TaskCompletionSource Done);
