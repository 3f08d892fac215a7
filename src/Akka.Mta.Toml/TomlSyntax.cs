using System.Text;

namespace Akka.Mta.Toml;

/// <summary>How keys and strings are spelled in TOML; shared by the writer and error messages.</summary>
public static class TomlSyntax
{
    /// <summary>True when a key can be written bare: letters, digits, '_' and '-', at least one.</summary>
    public static bool IsBareKey(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A key as written in TOML: bare when possible, else a quoted basic string.</summary>
    public static string FormatKey(string key) => IsBareKey(key) ? key : QuoteBasic(key);

    /// <summary>A dotted path of keys as written in a header: <c>"example.com".sources.ip-1</c>.</summary>
    public static string FormatPath(IEnumerable<string> keys) => string.Join('.', keys.Select(FormatKey));

    /// <summary>A single-line basic string with every character that needs it escaped.</summary>
    public static string QuoteBasic(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        AppendEscaped(builder, value, multiline: false);
        return builder.Append('"').ToString();
    }

    /// <summary>
    /// Appends <paramref name="value"/> escaped for a basic string. In a multi-line string newlines stay
    /// as they are and only a quote that would complete a run of three is escaped.
    /// </summary>
    internal static void AppendEscaped(StringBuilder builder, string value, bool multiline)
    {
        var quotes = 0;
        foreach (var c in value)
        {
            if (c == '"')
            {
                if (!multiline || quotes == 2)
                {
                    builder.Append("\\\"");
                    quotes = 0;
                }
                else
                {
                    builder.Append('"');
                    quotes++;
                }
                continue;
            }
            quotes = 0;
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n' when multiline:
                    builder.Append('\n');
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\t':
                    builder.Append('\t');
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case < ' ' or '\u007F':
                    builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }
}
