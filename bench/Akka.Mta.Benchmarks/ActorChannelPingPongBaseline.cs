using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Akka.Mta.Benchmarks;

/// <summary>The ping-pong baseline: two tasks bouncing one item over two unbounded channels.</summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 8)]
[MemoryDiagnoser]
public class ActorChannelPingPongBaseline
{
    private static readonly object Ball = new();

    [Benchmark(OperationsPerInvoke = ActorPingPongBenchmark.Messages)]
    public async Task ChannelPingPong()
    {
        var options = new UnboundedChannelOptions { SingleReader = true, SingleWriter = true };
        var toPong = Channel.CreateUnbounded<object>(options);
        var toPing = Channel.CreateUnbounded<object>(options);
        const int roundTrips = ActorPingPongBenchmark.Messages / 2;
        var pong = Task.Run(async () =>
        {
            for (var i = 0; i < roundTrips; i++)
            {
                var ball = await toPong.Reader.ReadAsync();
                toPing.Writer.TryWrite(ball);
            }
        });
        var ping = Task.Run(async () =>
        {
            for (var i = 0; i < roundTrips; i++)
            {
                toPong.Writer.TryWrite(Ball);
                await toPing.Reader.ReadAsync();
            }
        });
        await Task.WhenAll(ping, pong);
    }
}
