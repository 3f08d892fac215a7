using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Akka.Mta.Toml;

/// <summary>
/// The toml-test "tagged JSON" form of a document: tables are objects, arrays are arrays, and each
/// scalar is <c>{"type": "integer", "value": "42"}</c> with the value as a string. This is what a
/// toml-test decoder prints (<c>akka-mta toml decode</c>).
/// </summary>
public static partial class TomlTaggedJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The tagged JSON text of a table (normally a document's root).</summary>
    public static string Write(TomlTable table)
    {
        using var stream = new MemoryStream();
        Write(table, stream);
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes the tagged JSON of a table as UTF-8 to a stream.</summary>
    public static void Write(TomlTable table, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        WriteNode(writer, table);
    }

    private static void WriteNode(Utf8JsonWriter writer, TomlNode node)
    {
        switch (node)
        {
            case TomlTable table:
                writer.WriteStartObject();
                foreach (var entry in table)
                {
                    writer.WritePropertyName(entry.Key);
                    WriteNode(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case TomlArray array:
                writer.WriteStartArray();
                foreach (var element in array)
                {
                    WriteNode(writer, element);
                }
                writer.WriteEndArray();
                break;
            case TomlValue value:
                writer.WriteStartObject();
                writer.WriteString("type", TypeTag(value));
                writer.WriteString("value", ValueText(value));
                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>The toml-test type tag: string, integer, float, bool, datetime, datetime-local, date-local, time-local.</summary>
    public static string TypeTag(TomlValue value) => value.Kind switch
    {
        TomlKind.String => "string",
        TomlKind.Integer => "integer",
        TomlKind.Float => "float",
        TomlKind.Boolean => "bool",
        TomlKind.OffsetDateTime => "datetime",
        TomlKind.LocalDateTime => "datetime-local",
        TomlKind.LocalDate => "date-local",
        _ => "time-local",
    };

    /// <summary>The value as toml-test writes it: decimal integers, "inf"/"nan", RFC 3339 date/times.</summary>
    public static string ValueText(TomlValue value) => value switch
    {
        TomlString s => s.Value,
        TomlInteger n => n.Value.ToString(CultureInfo.InvariantCulture),
        TomlFloat f => TomlWriter.FormatFloat(f.Value) switch
        {
            var text when text.EndsWith(".0", StringComparison.Ordinal) => text[..^2],
            var text => text,
        },
        TomlBoolean b => b.Value ? "true" : "false",
        TomlOffsetDateTime o => TomlWriter.FormatDateTime(o.Value.DateTime) + TomlWriter.FormatOffset(o.Value.Offset),
        TomlLocalDateTime l => TomlWriter.FormatDateTime(l.Value),
        TomlLocalDate d => d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TomlLocalTime t => TomlWriter.FormatTime(t.Value.ToTimeSpan()),
        _ => throw new ArgumentException($"not a scalar: {value.Kind}", nameof(value)),
    };
}
