namespace Akka.Mta.Toml;

/// <summary>What a <see cref="TomlNode"/> holds.</summary>
public enum TomlKind
{
    String,
    Integer,
    Float,
    Boolean,
    OffsetDateTime,
    LocalDateTime,
    LocalDate,
    LocalTime,
    Array,
    Table,
}

/// <summary>How a table came to exist in the source; the writer keeps the same form.</summary>
public enum TomlTableKind
{
    /// <summary>The document's root table.</summary>
    Document,

    /// <summary>Defined by a <c>[a.b]</c> header (or built in code).</summary>
    Header,

    /// <summary>Created as a parent by a header such as <c>[a.b]</c> for <c>a</c>, never defined itself.</summary>
    Implicit,

    /// <summary>Created by a dotted key such as <c>a.b = 1</c> for <c>a</c>.</summary>
    Dotted,

    /// <summary>An inline table <c>{ k = v }</c>; closed once written.</summary>
    Inline,

    /// <summary>One element of an array of tables, introduced by <c>[[a.b]]</c>.</summary>
    ArrayElement,
}

/// <summary>The quoting a string value was written with.</summary>
public enum TomlStringStyle
{
    Basic,
    Literal,
    MultilineBasic,
    MultilineLiteral,
}

/// <summary>The base an integer value was written in.</summary>
public enum TomlIntegerFormat
{
    Decimal,
    Hexadecimal,
    Octal,
    Binary,
}

public static class TomlKindExtensions
{
    /// <summary>The name used in error messages: "string", "integer", "offset date-time", ...</summary>
    public static string ToDisplayName(this TomlKind kind) => kind switch
    {
        TomlKind.String => "string",
        TomlKind.Integer => "integer",
        TomlKind.Float => "float",
        TomlKind.Boolean => "boolean",
        TomlKind.OffsetDateTime => "offset date-time",
        TomlKind.LocalDateTime => "local date-time",
        TomlKind.LocalDate => "local date",
        TomlKind.LocalTime => "local time",
        TomlKind.Array => "array",
        TomlKind.Table => "table",
        _ => kind.ToString(),
    };
}
