using Akka.Actor;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// Two actors bounce one message back and forth: the cost of a Tell plus a mailbox hop, with one
/// message in flight. Compare with <see cref="ActorChannelPingPongBaseline"/>.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 8)]
[MemoryDiagnoser]
public class ActorPingPongBenchmark
{
    public const int Messages = 200_000;
    private ActorSystem _system = null!;
    private IActorRef _ping = null!;
    private IActorRef _pong = null!;

    private sealed class Start(int count, TaskCompletionSource done)
    {
        public int Count { get; } = count;

        public TaskCompletionSource Done { get; } = done;
    }

    private sealed class Ball
    {
        public static readonly Ball Instance = new();
    }

    private sealed class Pinger : ReceiveActor
    {
        private int _left;
        private TaskCompletionSource? _done;

        public Pinger()
        {
            Receive<(Start, IActorRef)>(p =>
            {
                _left = p.Item1.Count;
                _done = p.Item1.Done;
                p.Item2.Tell(Ball.Instance, Self);
            });
            Receive<Ball>(_ =>
            {
                if (--_left <= 0)
                {
                    _done!.TrySetResult();
                    return;
                }
                Sender.Tell(Ball.Instance, Self);
            });
        }
    }

    private sealed class Ponger : ReceiveActor
    {
        public Ponger() => Receive<Ball>(_ => Sender.Tell(Ball.Instance, Self));
    }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _ping = _system.ActorOf(Props.Create<Pinger>(), "ping");
        _pong = _system.ActorOf(Props.Create<Ponger>(), "pong");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    /// <summary>Messages/s = 2 x round trips / s; one operation is one message.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task ActorPingPong()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ping.Tell((new Start(Messages / 2, done), _pong), ActorRefs.NoSender);
        return done.Task;
    }
}
