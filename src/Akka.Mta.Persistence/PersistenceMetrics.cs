using System.Diagnostics.Metrics;

namespace Akka.Mta.Persistence;

/// <summary>The persistence subsystem's meter: commits and the operations they carried.</summary>
public static class PersistenceMetrics
{
    public const string MeterName = "Akka.Mta.Persistence";
    public const string CommitsName = "akka_mta.persistence.commits";
    public const string OperationsName = "akka_mta.persistence.operations";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Commits = Meter.CreateCounter<long>(CommitsName, description: "Group-commit transactions committed");
    internal static readonly Counter<long> Operations = Meter.CreateCounter<long>(OperationsName, description: "Writes carried by committed transactions");
}
