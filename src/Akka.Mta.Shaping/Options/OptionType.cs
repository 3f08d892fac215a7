using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Options;

/// <summary>
/// The type of one configuration option: how a written value is checked and turned into its
/// typed form, and how a typed value is written back (for defaults and explain output).
/// </summary>
public abstract class OptionType
{
    /// <summary>What a valid value looks like, for messages: <c>a duration such as "5m" or a number of seconds</c>.</summary>
    public abstract string Expected { get; }

    /// <summary>The typed value, or null after reporting why <paramref name="node"/> is not one.</summary>
    public abstract object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics);

    /// <summary>The value in written form, as a file would hold it.</summary>
    public abstract TomlNode Write(object value);

    /// <summary>
    /// The node as a list: an array, or an empty table, which is how a Lua policy's <c>{}</c> arrives
    /// (Lua has one table type, so an empty list and an empty map look the same). Null otherwise.
    /// </summary>
    protected static TomlArray? AsList(TomlNode node) => node switch
    {
        TomlArray array => array,
        TomlTable { Count: 0 } empty => new TomlArray(position: empty.Position),
        _ => null,
    };

    /// <summary>Reports a value of the wrong kind and returns null.</summary>
    protected object? Mismatch(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        diagnostics.Error(node.Position, keyPath, $"expected {Expected}, found {Describe(node)}");
        return null;
    }

    internal static string Describe(TomlNode node) => node switch
    {
        TomlString s => $"the string {TomlSyntax.QuoteBasic(s.Value)}",
        TomlValue v => $"the {v.KindName} {TomlWriter.FormatValue(v)}",
        _ => $"a {node.KindName}",
    };
}

/// <summary>One option of a configuration type: its name, type and built-in default (null: none).</summary>
public sealed record OptionDefinition(string Name, OptionType Type, object? DefaultValue)
{
    /// <summary>The default as a file would write it, or null when the option has no default.</summary>
    public TomlNode? DefaultWritten => DefaultValue is null ? null : Type.Write(DefaultValue);

    /// <summary>True for the map-valued options whose entries merge across files (<c>additional_*</c>).</summary>
    public bool IsMergeableMap => Type is MapOptionType;
}
