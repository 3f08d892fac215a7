using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Akka.Mta.Benchmarks;

/// <summary>The fan-in baseline: eight writer threads into one unbounded channel, one reader task.</summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 8)]
[MemoryDiagnoser]
public class ActorChannelFanInBaseline
{
    private static readonly object Item = new();

    [Benchmark(OperationsPerInvoke = ActorFanInBenchmark.Total)]
    public async Task ChannelFanIn()
    {
        var channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var reader = Task.Run(async () =>
        {
            var left = ActorFanInBenchmark.Total;
            while (left > 0 && await channel.Reader.WaitToReadAsync())
            {
                while (left > 0 && channel.Reader.TryRead(out _))
                {
                    left--;
                }
            }
        });
        var senders = new Task[ActorFanInBenchmark.Senders];
        for (var s = 0; s < senders.Length; s++)
        {
            senders[s] = Task.Factory.StartNew(() =>
            {
                for (var i = 0; i < ActorFanInBenchmark.PerSender; i++)
                {
                    channel.Writer.TryWrite(Item);
                }
            }, TaskCreationOptions.LongRunning);
        }
        await Task.WhenAll(senders);
        await reader;
    }
}
