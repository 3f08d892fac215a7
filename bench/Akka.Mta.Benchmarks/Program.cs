using BenchmarkDotNet.Running;

// Run one area: dotnet run -c Release --project bench/Akka.Mta.Benchmarks -- --filter '*Actor*'
// Measurements that are not BenchmarkDotNet jobs: dotnet run -c Release --project bench/Akka.Mta.Benchmarks -- tsa-latency [ROUNDS]
if (args.Length > 0 && args[0] == "tsa-latency")
{
    return await Akka.Mta.Benchmarks.TsaReactionLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
}
BenchmarkSwitcher.FromAssembly(typeof(Akka.Mta.Benchmarks.TsaReactionLatency).Assembly).Run(args);
return 0;
