using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Akka.Mta.Delivery.Reception;

/// <summary>
/// The substitution templates of the inject API, a deliberately small subset:
/// <list type="bullet">
/// <item><c>Static</c>: the text is used as is.</item>
/// <item><c>Jinja</c>: <c>{{ name }}</c> and <c>{{ a.b }}</c> insert a variable (undefined is empty);
/// <c>{# comment #}</c> is dropped. Statements (<c>{% ... %}</c>), filters and expressions are refused.</item>
/// <item><c>Handlebars</c>: <c>{{name}}</c> inserts HTML-escaped, <c>{{{name}}}</c> raw, <c>{{! comment }}</c> is
/// dropped; block helpers and partials are refused.</item>
/// </list>
/// Parsing is separate from rendering so a bad template is refused once, before any recipient.
/// </summary>
public sealed class Template
{
    private readonly List<Segment> _segments;

    private Template(List<Segment> segments) => _segments = segments;

    private readonly record struct Segment(string? Text, string[]? Path, bool Escape);

    /// <summary>Parses <paramref name="text"/>; a construct outside the subset throws <see cref="TemplateException"/>.</summary>
    public static Template Parse(string text, TemplateDialect dialect)
    {
        var segments = new List<Segment>();
        if (dialect == TemplateDialect.Static)
        {
            segments.Add(new Segment(text, null, false));
            return new Template(segments);
        }
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            if (open < 0 || open == text.Length - 1)
            {
                literal.Append(text, i, text.Length - i);
                break;
            }
            literal.Append(text, i, open - i);
            var next = text[open + 1];
            if (dialect == TemplateDialect.Jinja && next is '%')
            {
                throw new TemplateException(text, open, "statements ({% ... %}) are not supported; only {{ variable }} substitution is");
            }
            if (dialect == TemplateDialect.Jinja && next is '#')
            {
                i = Close(text, open, "#}") + 2;
                continue;
            }
            if (next != '{')
            {
                literal.Append('{');
                i = open + 1;
                continue;
            }
            var raw = dialect == TemplateDialect.Handlebars && open + 2 < text.Length && text[open + 2] == '{';
            var closer = raw ? "}}}" : "}}";
            var start = open + (raw ? 3 : 2);
            var end = Close(text, open, closer);
            var expression = text[start..end].Trim();
            i = end + closer.Length;
            if (dialect == TemplateDialect.Handlebars && expression.StartsWith('!'))
            {
                continue;
            }
            if (dialect == TemplateDialect.Handlebars && expression.Length > 0 && expression[0] is '#' or '/' or '>' or '^' or '&')
            {
                throw new TemplateException(text, open, $"\"{{{{{expression}}}}}\": block helpers and partials are not supported; only {{{{variable}}}}");
            }
            var path = expression.Split('.');
            if (expression.Length == 0 || path.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(p[0])))
            {
                throw new TemplateException(text, open, $"\"{expression}\" is not a variable name (filters and expressions are not supported)");
            }
            if (literal.Length > 0)
            {
                segments.Add(new Segment(literal.ToString(), null, false));
                literal.Clear();
            }
            segments.Add(new Segment(null, path, dialect == TemplateDialect.Handlebars && !raw));
        }
        if (literal.Length > 0)
        {
            segments.Add(new Segment(literal.ToString(), null, false));
        }
        return new Template(segments);
    }

    public string Render(IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var sb = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (segment.Text is not null)
            {
                sb.Append(segment.Text);
                continue;
            }
            var value = Lookup(variables, segment.Path!);
            sb.Append(segment.Escape ? WebUtility.HtmlEncode(value) : value);
        }
        return sb.ToString();
    }

    private static string Lookup(IReadOnlyDictionary<string, JsonNode?> variables, string[] path)
    {
        if (!variables.TryGetValue(path[0], out var node))
        {
            return "";
        }
        for (var i = 1; i < path.Length && node is not null; i++)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(path[i], out var child) ? child : null;
        }
        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }

    private static int Close(string text, int open, string closer)
    {
        var end = text.IndexOf(closer, open + 2, StringComparison.Ordinal);
        return end >= 0 ? end : throw new TemplateException(text, open, $"unclosed tag: missing \"{closer}\"");
    }
}

public sealed class TemplateException(string template, int offset, string problem)
    : Exception($"template position {offset + 1} (line {template.AsSpan(0, offset).Count('\n') + 1}): {problem}");
