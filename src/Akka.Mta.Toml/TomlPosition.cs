namespace Akka.Mta.Toml;

/// <summary>
/// Where a key or value starts in a TOML source: the file name (null when the text had none),
/// the 1-based line and the 1-based column counted in Unicode characters (a tab counts as one).
/// A node built in code rather than parsed has <see cref="None"/> (line 0).
/// </summary>
public readonly record struct TomlPosition(string? File, int Line, int Column)
{
    /// <summary>The position of a node that was not read from a source.</summary>
    public static readonly TomlPosition None = default;

    /// <summary>True when the node was read from a source.</summary>
    public bool IsKnown => Line > 0;

    /// <summary><c>file:line</c>, the provenance form (<c>shaping.toml:12</c>), or <c>line 12</c> without a file.</summary>
    public string ToProvenance() => !IsKnown ? File ?? "(generated)" : File is null ? $"line {Line}" : $"{File}:{Line}";

    /// <summary><c>line:column</c> without the file (<c>9:1</c>), for "first defined at" notes.</summary>
    public string ToLineColumn() => $"{Line}:{Column}";

    /// <summary><c>file:line:column</c> (<c>shaping.toml:12:7</c>), or <c>line:column</c> without a file.</summary>
    public override string ToString() => !IsKnown ? File ?? "(generated)" : File is null ? ToLineColumn() : $"{File}:{Line}:{Column}";
}
