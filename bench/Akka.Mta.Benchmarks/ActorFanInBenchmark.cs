using Akka.Actor;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// Eight senders (threads) Tell one counting actor as fast as they can: aggregate mailbox
/// throughput under contention. Compare with <see cref="ActorChannelFanInBaseline"/>.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 8)]
[MemoryDiagnoser]
public class ActorFanInBenchmark
{
    public const int Senders = 8;
    public const int PerSender = 250_000;
    public const int Total = Senders * PerSender;
    private static readonly object Item = new();
    private ActorSystem _system = null!;

    private sealed class Expect(int count, TaskCompletionSource done)
    {
        public int Count { get; } = count;

        public TaskCompletionSource Done { get; } = done;
    }

    private sealed class Counter : ReceiveActor
    {
        private int _left;
        private TaskCompletionSource? _done;

        public Counter()
        {
            Receive<Expect>(e =>
            {
                _left = e.Count;
                _done = e.Done;
            });
            ReceiveAny(_ =>
            {
                if (--_left == 0)
                {
                    _done!.TrySetResult();
                }
            });
        }
    }

    /// <summary>Messages an actor processes per scheduling (the default dispatcher's <c>throughput</c>).</summary>
    [Params(100, 1000)]
    public int Throughput { get; set; }

    [GlobalSetup]
    public void Setup() => _system = ActorSystem.Create("bench",
        Akka.Configuration.ConfigurationFactory.ParseString($"akka.actor.default-dispatcher.throughput = {Throughput}"));

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Total)]
    public async Task ActorFanIn()
    {
        var counter = _system.ActorOf(Props.Create<Counter>());
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        counter.Tell(new Expect(Total, done), ActorRefs.NoSender);
        var senders = new Task[Senders];
        for (var s = 0; s < Senders; s++)
        {
            senders[s] = Task.Factory.StartNew(() =>
            {
                for (var i = 0; i < PerSender; i++)
                {
                    counter.Tell(Item, ActorRefs.NoSender);
                }
            }, TaskCreationOptions.LongRunning);
        }
        await Task.WhenAll(senders);
        await done.Task;
        _system.Stop(counter);
    }
}
