namespace Akka.Mta.Toml;

/// <summary>
/// A value in a TOML document: a <see cref="TomlTable"/>, a <see cref="TomlArray"/> or a scalar
/// (<see cref="TomlValue"/>). Every node knows where it starts in the source.
/// Walk a document with pattern matching: <c>if (node is TomlInteger { Value: var n }) ...</c>.
/// </summary>
public abstract class TomlNode
{
    private protected TomlNode(TomlPosition position) => Position = position;

    /// <summary>Where the value starts (for a table defined by a header, the header's <c>[</c>).</summary>
    public TomlPosition Position { get; }

    /// <summary>What the node holds.</summary>
    public abstract TomlKind Kind { get; }

    /// <summary>"string", "integer", "table", ... for messages such as <c>expected integer, found string</c>.</summary>
    public string KindName => Kind.ToDisplayName();

    /// <summary>
    /// True when both nodes hold the same data: tables with the same keys (in any order) and equal
    /// values, arrays with equal elements in order, scalars of the same kind and value (floats:
    /// NaN equals NaN and the sign of zero counts; offset date-times: same instant and offset).
    /// Positions and source forms (table kinds, string styles, integer bases) do not count.
    /// </summary>
    public bool ValueEquals(TomlNode other) => TomlEquality.AreEqual(this, other);
}
