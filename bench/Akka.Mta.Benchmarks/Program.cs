using BenchmarkDotNet.Running;

// Run one area: dotnet run -c Release --project bench/Akka.Mta.Benchmarks -- --filter '*Actor*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
