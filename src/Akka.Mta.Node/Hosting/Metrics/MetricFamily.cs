namespace Akka.Mta.Node.Hosting.Metrics;

public enum MetricType
{
    Counter,
    Gauge,
}

/// <summary>One metric: its name, type, help text and samples (one per label set).</summary>
public sealed record MetricFamily(string Name, MetricType Type, string Help, IReadOnlyList<MetricSample> Samples);

/// <summary>A value with its labels, in the order they are written.</summary>
public sealed record MetricSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value);
