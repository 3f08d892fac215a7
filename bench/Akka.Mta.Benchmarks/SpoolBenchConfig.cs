using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// Durable-write benchmarks: each invocation is seconds of real fsyncs, so a monitoring job (one
/// invocation per iteration, 1 warm-up + 3 iterations), in process so the columns can read the
/// store's commit counters.
/// </summary>
public sealed class SpoolBenchConfig : ManualConfig
{
    public SpoolBenchConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(new SpoolRateColumn(), new SpoolPerCommitColumn(), new SpoolDiskColumn());
    }
}

/// <summary>Operations per second: messages (store + delete) for the spool, fsyncs for the baseline.</summary>
public sealed class SpoolRateColumn : IColumn
{
    public string Id => nameof(SpoolRateColumn);
    public string ColumnName => "Per second";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Messages stored and deleted per second (spool) or write+fsync loops per second (baseline)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics is { Mean: > 0 } stats ? $"{1e9 / stats.Mean:N0}" : "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Messages per commit (each commit one fsync or one PostgreSQL commit), from the store's counters.</summary>
public sealed class SpoolPerCommitColumn : IColumn
{
    public string Id => nameof(SpoolPerCommitColumn);
    public string ColumnName => "Msgs/commit";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Messages (a store and a delete each) per group commit";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.Type == typeof(SpoolStoreDeleteBenchmarks)
        && SpoolStoreDeleteBenchmarks.MessagesPerCommit.TryGetValue(
            SpoolStoreDeleteBenchmarks.Key($"{benchmarkCase.Parameters["Provider"]}", (int)benchmarkCase.Parameters["BodyBytes"], (int)benchmarkCase.Parameters["Writers"]),
            out var ratio)
            ? $"{ratio:N1}"
            : "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}

/// <summary>The disk's fdatasync rate measured just before the case ran: its baseline.</summary>
public sealed class SpoolDiskColumn : IColumn
{
    public string Id => nameof(SpoolDiskColumn);
    public string ColumnName => "Disk fsync/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 2;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "4 KB overwrite + fdatasync loops per second, measured just before the case";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.Type == typeof(SpoolStoreDeleteBenchmarks)
        && SpoolStoreDeleteBenchmarks.DiskSyncsPerSecond.TryGetValue(
            SpoolStoreDeleteBenchmarks.Key($"{benchmarkCase.Parameters["Provider"]}", (int)benchmarkCase.Parameters["BodyBytes"], (int)benchmarkCase.Parameters["Writers"]),
            out var rate)
            ? $"{rate:N0}"
            : "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
