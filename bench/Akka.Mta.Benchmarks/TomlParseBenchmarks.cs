using System.Text.Json;
using Akka.Mta.Toml;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// Parse throughput of the TOML reader on a large shaping-like file, beside
/// System.Text.Json's JsonDocument.Parse on the same data as JSON, in the same run. MB/s is each
/// input's size over its mean time (sizes are printed at setup).
/// Run: dotnet run -c Release --project bench/Akka.Mta.Benchmarks -- --filter '*TomlParse*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GcModes))]
public class TomlParseBenchmarks
{
    /// <summary>
    /// Both garbage collectors: Server GC is what <c>akka-mta</c> runs with (an ASP.NET Core host's
    /// default, see its runtimeconfig.json); Workstation GC is what a small CLI tool would get.
    /// </summary>
    private sealed class GcModes : ManualConfig
    {
        public GcModes()
        {
            var job = Job.Default.WithStrategy(RunStrategy.Throughput).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15);
            AddJob(job.WithGcServer(true).WithId("ServerGC"));
            AddJob(job.WithGcServer(false).WithId("WorkstationGC"));
        }
    }

    private byte[] _toml = [];
    private byte[] _json = [];

    /// <summary>Domain blocks in the generated file (options, two sources, two automation rules each).</summary>
    [Params(5000)]
    public int Domains { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_toml, _json) = TomlShapingCorpus.Build(Domains);
        TomlShapingCorpus.CheckEquivalent(_toml, _json);
        Console.WriteLine($"// TOML {_toml.Length} bytes, JSON {_json.Length} bytes, equivalent content");
    }

    [Benchmark(Description = "TomlParser.Parse")]
    public TomlDocument Toml() => TomlParser.Parse(_toml, "shaping.toml");

    [Benchmark(Baseline = true, Description = "JsonDocument.Parse")]
    public JsonValueKind Json()
    {
        using var document = JsonDocument.Parse(_json);
        return document.RootElement.ValueKind;
    }
}
