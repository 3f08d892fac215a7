using Akka.Mta.Core.Throttling;
using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Options;

/// <summary>true or false.</summary>
public sealed class BoolOptionType : OptionType
{
    public static readonly BoolOptionType Instance = new();

    public override string Expected => "true or false";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics) =>
        node is TomlBoolean b ? b.Value : Mismatch(node, keyPath, diagnostics);

    public override TomlNode Write(object value) => new TomlBoolean((bool)value);
}

/// <summary>An integer within bounds; the typed value is a <see cref="long"/>.</summary>
public sealed class IntegerOptionType(long min, long max) : OptionType
{
    public static readonly IntegerOptionType Count = new(0, int.MaxValue);
    public static readonly IntegerOptionType Positive = new(1, int.MaxValue);
    public static readonly IntegerOptionType Port = new(1, ushort.MaxValue);

    public override string Expected => max == int.MaxValue
        ? $"an integer of at least {min}"
        : $"an integer from {min} to {max}";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (node is not TomlInteger n)
        {
            return Mismatch(node, keyPath, diagnostics);
        }
        if (n.Value < min || n.Value > max)
        {
            diagnostics.Error(node.Position, keyPath, $"{n.Value} is out of range: expected {Expected}");
            return null;
        }
        return n.Value;
    }

    public override TomlNode Write(object value) => new TomlInteger((long)value);
}

/// <summary>Any string (an empty one is refused when <paramref name="allowEmpty"/> is false).</summary>
public sealed class StringOptionType(bool allowEmpty = false) : OptionType
{
    public static readonly StringOptionType NonEmpty = new();

    public override string Expected => allowEmpty ? "a string" : "a non-empty string";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (node is not TomlString s)
        {
            return Mismatch(node, keyPath, diagnostics);
        }
        if (!allowEmpty && s.Value.Length == 0)
        {
            diagnostics.Error(node.Position, keyPath, "expected a non-empty string");
            return null;
        }
        return s.Value;
    }

    public override TomlNode Write(object value) => new TomlString((string)value);
}

/// <summary>A duration: <c>"5m"</c>, <c>"2 hours"</c>, <c>"3 days"</c>, or a number of seconds; typed as <see cref="TimeSpan"/>.</summary>
public sealed class DurationOptionType : OptionType
{
    public static readonly DurationOptionType Instance = new();

    public override string Expected => "a duration such as \"5m\" or \"2 hours\", or a number of seconds";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        switch (node)
        {
            case TomlString s:
                if (HumanDuration.TryParse(s.Value, out var parsed, out var error))
                {
                    return parsed;
                }
                diagnostics.Error(node.Position, keyPath, error);
                return null;
            case TomlInteger n when n.Value >= 0 && n.Value <= TimeSpan.MaxValue.TotalSeconds:
                return TimeSpan.FromSeconds(n.Value);
            case TomlFloat f when f.Value >= 0 && f.Value <= TimeSpan.MaxValue.TotalSeconds:
                return TimeSpan.FromSeconds(f.Value);
            case TomlInteger or TomlFloat:
                diagnostics.Error(node.Position, keyPath, $"{TomlWriter.FormatValue(node)} is not a valid number of seconds");
                return null;
            default:
                return Mismatch(node, keyPath, diagnostics);
        }
    }

    public override TomlNode Write(object value) => new TomlString(HumanDuration.Format((TimeSpan)value));
}

/// <summary>A connection limit (<see cref="LimitSpec"/>): an integer, or <c>"[local:]N"</c>.</summary>
public sealed class LimitOptionType : OptionType
{
    public static readonly LimitOptionType Instance = new();

    public override string Expected => "a connection limit: an integer, or a string such as \"local:5\" or \"1,000\"";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        switch (node)
        {
            case TomlInteger { Value: >= 0 } n:
                return new LimitSpec(n.Value);
            case TomlInteger n:
                diagnostics.Error(node.Position, keyPath, $"{n.Value} is out of range: a connection limit cannot be negative");
                return null;
            case TomlString s:
                if (LimitSpec.TryParse(s.Value, out var spec, out var error))
                {
                    return spec;
                }
                diagnostics.Error(node.Position, keyPath, error);
                return null;
            default:
                return Mismatch(node, keyPath, diagnostics);
        }
    }

    public override TomlNode Write(object value)
    {
        var spec = (LimitSpec)value;
        return spec.Local ? new TomlString(spec.ToString()) : new TomlInteger(spec.Limit);
    }
}

/// <summary>A rate (<see cref="ThrottleSpec"/>): <c>"100/s"</c>, <c>"10,000/h"</c>, <c>"20/30minute"</c>, <c>"local:5/m,max_burst=1"</c>.</summary>
public sealed class ThrottleOptionType : OptionType
{
    public static readonly ThrottleOptionType Instance = new();

    public override string Expected => "a rate such as \"100/s\", \"10,000/h\" or \"20/30minute\"";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (node is not TomlString s)
        {
            return Mismatch(node, keyPath, diagnostics);
        }
        if (!ThrottleSpec.TryParse(s.Value, out var spec, out var error))
        {
            diagnostics.Error(node.Position, keyPath, error);
            return null;
        }
        return spec;
    }

    public override TomlNode Write(object value) => new TomlString(((ThrottleSpec)value).ToString());
}

/// <summary>One of the names of an enum, spelled exactly as KumoMTA spells its variants.</summary>
public sealed class EnumOptionType<T> : OptionType
    where T : struct, Enum
{
    public static readonly EnumOptionType<T> Instance = new();

    private static readonly string[] Names = Enum.GetNames<T>();

    public override string Expected => "one of " + string.Join(", ", Names.Select(n => $"\"{n}\""));

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (node is not TomlString s)
        {
            return Mismatch(node, keyPath, diagnostics);
        }
        if (Array.IndexOf(Names, s.Value) >= 0)
        {
            return Enum.Parse<T>(s.Value);
        }
        var hint = Array.Find(Names, n => string.Equals(n, s.Value, StringComparison.OrdinalIgnoreCase)) is { } near
            ? $" (names are case-sensitive: did you mean \"{near}\"?)"
            : "";
        diagnostics.Error(node.Position, keyPath, $"unknown value {TomlSyntax.QuoteBasic(s.Value)}: expected {Expected}{hint}");
        return null;
    }

    public override TomlNode Write(object value) => new TomlString(((T)value).ToString());
}
