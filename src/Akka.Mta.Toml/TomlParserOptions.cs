namespace Akka.Mta.Toml;

/// <summary>Limits for <see cref="TomlParser"/>.</summary>
public sealed record TomlParserOptions
{
    public static readonly TomlParserOptions Default = new();

    /// <summary>
    /// How deep tables and arrays may nest below the root (each key of a dotted or header path,
    /// each array and each inline table is one level). Deeper documents are rejected with a
    /// <see cref="TomlException"/> before the parser's stack is at risk.
    /// </summary>
    public int MaxDepth { get; init; } = 128;
}
