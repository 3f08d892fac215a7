namespace Akka.Mta.Toml;

/// <summary>
/// A TOML document that cannot be read. The message reads like a compiler's:
/// <c>shaping.toml:12:7: duplicate key "connection_limit" (first defined at 9:1)</c>;
/// <see cref="Reason"/> is the part after the position.
/// </summary>
public sealed class TomlException : Exception
{
    public TomlException(string reason, TomlPosition position)
        : base(position.IsKnown ? $"{position}: {reason}" : reason)
    {
        Reason = reason;
        Position = position;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>Where it is wrong.</summary>
    public TomlPosition Position { get; }

    /// <summary>The file name given to the parser, or null.</summary>
    public string? File => Position.File;

    /// <summary>1-based line.</summary>
    public int Line => Position.Line;

    /// <summary>1-based column, in Unicode characters.</summary>
    public int Column => Position.Column;
}
