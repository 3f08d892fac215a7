namespace Akka.Mta.Toml;

/// <summary>A scalar: string, integer, float, boolean or one of the four date/time kinds.</summary>
public abstract class TomlValue : TomlNode
{
    private protected TomlValue(TomlPosition position)
        : base(position)
    {
    }

    /// <summary>The .NET value: string, long, double, bool, DateTimeOffset, DateTime, DateOnly or TimeOnly.</summary>
    public abstract object BoxedValue { get; }

    public override string ToString() => TomlWriter.FormatValue(this);
}

/// <summary>A string value.</summary>
public sealed class TomlString(string value, TomlStringStyle style = TomlStringStyle.Basic, TomlPosition position = default)
    : TomlValue(position)
{
    public string Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The quoting it was written with; the writer keeps it when the text allows.</summary>
    public TomlStringStyle Style { get; } = style;

    public override TomlKind Kind => TomlKind.String;

    public override object BoxedValue => Value;
}

/// <summary>A 64-bit integer value.</summary>
public sealed class TomlInteger(long value, TomlIntegerFormat format = TomlIntegerFormat.Decimal, TomlPosition position = default)
    : TomlValue(position)
{
    public long Value { get; } = value;

    /// <summary>The base it was written in; the writer keeps it for non-negative values.</summary>
    public TomlIntegerFormat Format { get; } = format;

    public override TomlKind Kind => TomlKind.Integer;

    public override object BoxedValue => Value;
}

/// <summary>A 64-bit floating-point value (including inf and nan).</summary>
public sealed class TomlFloat(double value, TomlPosition position = default) : TomlValue(position)
{
    public double Value { get; } = value;

    public override TomlKind Kind => TomlKind.Float;

    public override object BoxedValue => Value;
}

/// <summary>true or false.</summary>
public sealed class TomlBoolean(bool value, TomlPosition position = default) : TomlValue(position)
{
    public bool Value { get; } = value;

    public override TomlKind Kind => TomlKind.Boolean;

    public override object BoxedValue => Value;
}
