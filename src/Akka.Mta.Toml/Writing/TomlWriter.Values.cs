using System.Globalization;
using System.Text;

namespace Akka.Mta.Toml;

/// <summary>Values on one line: scalars, arrays and inline tables.</summary>
public static partial class TomlWriter
{
    /// <summary>A value as TOML text (a scalar, or an array or table written inline).</summary>
    public static string FormatValue(TomlNode value)
    {
        var output = new StringBuilder();
        AppendInline(output, value);
        return output.ToString();
    }

    /// <summary>Appends a value; <paramref name="multiline"/> lets a long array of a key take one line per element.</summary>
    private static void AppendInline(StringBuilder output, TomlNode node, bool multiline = false)
    {
        switch (node)
        {
            case TomlTable table:
                if (table.Count == 0)
                {
                    output.Append("{}");
                    break;
                }
                output.Append("{ ");
                var first = true;
                foreach (var entry in table)
                {
                    output.Append(first ? "" : ", ").Append(TomlSyntax.FormatKey(entry.Key)).Append(" = ");
                    AppendInline(output, entry.Value);
                    first = false;
                }
                output.Append(" }");
                break;
            case TomlArray array when multiline:
                AppendArrayLines(output, array);
                break;
            case TomlArray array:
                output.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    output.Append(i == 0 ? "" : ", ");
                    AppendInline(output, array[i]);
                }
                output.Append(']');
                break;
            case TomlString s:
                AppendString(output, s);
                break;
            case TomlInteger n:
                AppendInteger(output, n);
                break;
            case TomlFloat f:
                output.Append(FormatFloat(f.Value));
                break;
            case TomlBoolean b:
                output.Append(b.Value ? "true" : "false");
                break;
            case TomlOffsetDateTime o:
                output.Append(FormatDateTime(o.Value.DateTime)).Append(FormatOffset(o.Value.Offset));
                break;
            case TomlLocalDateTime l:
                output.Append(FormatDateTime(l.Value));
                break;
            case TomlLocalDate d:
                output.Append(d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case TomlLocalTime t:
                output.Append(FormatTime(t.Value.ToTimeSpan()));
                break;
        }
    }

    /// <summary>An array whose one-line form is long: one element per line, indented, with a trailing comma.</summary>
    private static void AppendArrayLines(StringBuilder output, TomlArray array)
    {
        var elements = array.Select(FormatValue).ToList();
        if (elements.Count < 2 || elements.Sum(e => e.Length + 2) <= LongArray)
        {
            output.Append('[').AppendJoin(", ", elements).Append(']');
            return;
        }
        output.Append("[\n");
        foreach (var element in elements)
        {
            output.Append("  ").Append(element).Append(",\n");
        }
        output.Append(']');
    }

    private const int LongArray = 80;

    /// <summary>
    /// Keeps the string's quoting when its text allows: literal without apostrophes or control
    /// characters; a multi-line literal also on one line when the text has apostrophes (regexes
    /// such as <c>'''weren't'''</c>); a multi-line basic string only for text with a line break.
    /// Otherwise a basic string.
    /// </summary>
    private static void AppendString(StringBuilder output, TomlString s)
    {
        var value = s.Value;
        var lines = value.Contains('\n');
        var style = (s.Style, lines) switch
        {
            (TomlStringStyle.MultilineLiteral, false) when !value.Contains('\'') => TomlStringStyle.Literal,
            (TomlStringStyle.MultilineBasic, false) => TomlStringStyle.Basic,
            _ => s.Style,
        };
        switch (style)
        {
            case TomlStringStyle.Literal when !value.Any(c => c == '\'' || IsControl(c)):
                output.Append('\'').Append(value).Append('\'');
                return;
            case TomlStringStyle.MultilineLiteral when !value.Contains("'''", StringComparison.Ordinal) && !value.Any(c => c != '\n' && IsControl(c)):
                output.Append("'''").Append(value.StartsWith('\n') ? "\n" : "").Append(value).Append("'''");
                return;
            case TomlStringStyle.MultilineBasic:
                output.Append("\"\"\"").Append(value.StartsWith('\n') ? "\n" : "");
                TomlSyntax.AppendEscaped(output, value, multiline: true);
                output.Append("\"\"\"");
                return;
            default:
                output.Append('"');
                TomlSyntax.AppendEscaped(output, value, multiline: false);
                output.Append('"');
                return;
        }
    }

    private static bool IsControl(char c) => (c < ' ' && c != '\t') || c == '\u007F';

    private static void AppendInteger(StringBuilder output, TomlInteger n)
    {
        if (n.Value < 0 || n.Format == TomlIntegerFormat.Decimal)
        {
            output.Append(n.Value.ToString(CultureInfo.InvariantCulture));
            return;
        }
        output.Append(n.Format switch
        {
            TomlIntegerFormat.Hexadecimal => "0x" + n.Value.ToString("X", CultureInfo.InvariantCulture),
            TomlIntegerFormat.Octal => "0o" + Convert.ToString(n.Value, 8),
            _ => "0b" + Convert.ToString(n.Value, 2),
        });
    }

    /// <summary>Shortest text that reads back to the same double, always with '.' or an exponent.</summary>
    internal static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        var text = value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
        if (value == 0 && double.IsNegative(value) && text[0] != '-')
        {
            text = "-" + text;
        }
        return text.Contains('.') || text.Contains('e') ? text : text + ".0";
    }

    internal static string FormatDateTime(DateTime value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + FormatFraction(value.Ticks);

    internal static string FormatTime(TimeSpan value) =>
        value.ToString("hh\\:mm\\:ss", CultureInfo.InvariantCulture) + FormatFraction(value.Ticks);

    internal static string FormatOffset(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "Z" : (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hh\\:mm", CultureInfo.InvariantCulture);

    private static string FormatFraction(long ticks)
    {
        var fraction = ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? "" : "." + fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
    }
}
