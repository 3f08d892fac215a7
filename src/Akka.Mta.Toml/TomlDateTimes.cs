namespace Akka.Mta.Toml;

// TOML has four date/time kinds; only the first names an instant. Fractions finer than
// 100 ns (the .NET tick) are truncated.

/// <summary>An offset date-time (<c>1979-05-27T07:32:00-07:00</c>): an instant.</summary>
public sealed class TomlOffsetDateTime(DateTimeOffset value, TomlPosition position = default) : TomlValue(position)
{
    public DateTimeOffset Value { get; } = value;

    public override TomlKind Kind => TomlKind.OffsetDateTime;

    public override object BoxedValue => Value;
}

/// <summary>A local date-time without offset (<c>1979-05-27T07:32:00</c>): not an instant.</summary>
public sealed class TomlLocalDateTime(DateTime value, TomlPosition position = default) : TomlValue(position)
{
    /// <summary>The date and time; <see cref="DateTime.Kind"/> is Unspecified.</summary>
    public DateTime Value { get; } = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);

    public override TomlKind Kind => TomlKind.LocalDateTime;

    public override object BoxedValue => Value;
}

/// <summary>A local date (<c>1979-05-27</c>).</summary>
public sealed class TomlLocalDate(DateOnly value, TomlPosition position = default) : TomlValue(position)
{
    public DateOnly Value { get; } = value;

    public override TomlKind Kind => TomlKind.LocalDate;

    public override object BoxedValue => Value;
}

/// <summary>A local time of day (<c>07:32:00.999</c>).</summary>
public sealed class TomlLocalTime(TimeOnly value, TomlPosition position = default) : TomlValue(position)
{
    public TimeOnly Value { get; } = value;

    public override TomlKind Kind => TomlKind.LocalTime;

    public override object BoxedValue => Value;
}
