using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Diagnostics;

/// <summary>Collects every finding of one load, so a user sees all mistakes at once rather than the first.</summary>
public sealed class DiagnosticBag
{
    private readonly List<ShapingDiagnostic> _items = [];

    public IReadOnlyList<ShapingDiagnostic> All => _items;

    public IEnumerable<ShapingDiagnostic> Errors => _items.Where(d => d.IsError);

    public IEnumerable<ShapingDiagnostic> Warnings => _items.Where(d => !d.IsError);

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Error(TomlPosition position, string keyPath, string message) =>
        _items.Add(new ShapingDiagnostic(ShapingSeverity.Error, position, keyPath, message));

    public void Warning(TomlPosition position, string keyPath, string message) =>
        _items.Add(new ShapingDiagnostic(ShapingSeverity.Warning, position, keyPath, message));

    /// <summary>Records a finding at the level a load option asks for (nothing for <see cref="CheckLevel.Ignore"/>).</summary>
    public void Report(CheckLevel level, TomlPosition position, string keyPath, string message)
    {
        switch (level)
        {
            case CheckLevel.Error:
                Error(position, keyPath, message);
                break;
            case CheckLevel.Warn:
                Warning(position, keyPath, message);
                break;
        }
    }

    public void Add(ShapingDiagnostic diagnostic) => _items.Add(diagnostic);

    public void AddRange(IEnumerable<ShapingDiagnostic> diagnostics) => _items.AddRange(diagnostics);
}

/// <summary>What a load does with a kind of problem (KumoMTA's <c>CheckLevel</c>).</summary>
public enum CheckLevel
{
    Ignore,
    Warn,
    Error,
}
