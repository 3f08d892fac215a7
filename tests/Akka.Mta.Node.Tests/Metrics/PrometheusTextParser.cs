using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Akka.Mta.Node.Tests.Metrics;

/// <summary>One sample line of a Prometheus text exposition.</summary>
internal sealed record PromSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"{Name} has no label {name}");
}

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, to check what <c>/metrics</c> serves: every
/// line ends with a line feed; comments are <c># HELP name text</c>, <c># TYPE name type</c> or free
/// text; every sample is <c>name{label="value",...} value [timestamp]</c> with valid names, quoted
/// and escaped label values (only <c>\\</c>, <c>\"</c> and <c>\n</c>), no repeated label, a number;
/// each metric has its TYPE (once) before its samples, its samples form one group, and no label
/// set repeats. Any violation throws <see cref="FormatException"/> naming the line.
/// </summary>
internal static partial class PrometheusTextParser
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static (List<PromSample> Samples, Dictionary<string, string> Types) Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition does not end with a line feed");
        }
        var samples = new List<PromSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1} \"{line}\"";
            if (line.Length == 0)
            {
                continue;
            }
            if (line[0] == '#')
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[0] == "#" && parts[1] is "HELP" or "TYPE")
                {
                    var name = parts[2];
                    Require(MetricName().IsMatch(name), $"{where}: bad metric name");
                    Require(!finished.Contains(name) && current != name, $"{where}: {parts[1]} after the samples of {name}");
                    if (parts[1] == "TYPE")
                    {
                        Require(parts.Length == 4 && Types.Contains(parts[3]), $"{where}: bad type");
                        Require(types.TryAdd(name, parts[3]), $"{where}: second TYPE for {name}");
                    }
                    else
                    {
                        Require(helps.Add(name), $"{where}: second HELP for {name}");
                        Require(parts.Length < 4 || ValidHelp(parts[3]), $"{where}: bad escape in HELP");
                    }
                }
                continue;
            }
            var sample = ParseSample(line, where);
            Require(types.ContainsKey(sample.Name), $"{where}: sample before the TYPE of {sample.Name}");
            if (current != sample.Name)
            {
                Require(!finished.Contains(sample.Name), $"{where}: samples of {sample.Name} are not in one group");
                if (current is not null)
                {
                    finished.Add(current);
                }
                current = sample.Name;
            }
            var identity = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
            Require(seen.Add(identity), $"{where}: repeated sample {identity}");
            samples.Add(sample);
        }
        return (samples, types);
    }

    private static PromSample ParseSample(string line, string where)
    {
        var nameEnd = 0;
        while (nameEnd < line.Length && line[nameEnd] is not ('{' or ' '))
        {
            nameEnd++;
        }
        var name = line[..nameEnd];
        Require(MetricName().IsMatch(name), $"{where}: bad metric name \"{name}\"");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = nameEnd;
        if (at < line.Length && line[at] == '{')
        {
            at++;
            while (true)
            {
                Require(at < line.Length, $"{where}: unterminated label set");
                if (line[at] == '}')
                {
                    at++;
                    break;
                }
                var eq = line.IndexOf('=', at);
                Require(eq > at, $"{where}: label without '='");
                var labelName = line[at..eq];
                Require(LabelName().IsMatch(labelName), $"{where}: bad label name \"{labelName}\"");
                at = eq + 1;
                Require(at < line.Length && line[at] == '"', $"{where}: label value of {labelName} is not quoted");
                at++;
                var value = new StringBuilder();
                while (true)
                {
                    Require(at < line.Length, $"{where}: unterminated label value of {labelName}");
                    var c = line[at++];
                    if (c == '"')
                    {
                        break;
                    }
                    if (c == '\\')
                    {
                        Require(at < line.Length, $"{where}: dangling backslash");
                        value.Append(line[at++] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"{where}: bad escape \\{other}"),
                        });
                        continue;
                    }
                    value.Append(c);
                }
                Require(labels.TryAdd(labelName, value.ToString()), $"{where}: label {labelName} repeated");
                Require(at < line.Length && line[at] is ',' or '}', $"{where}: expected ',' or '}}' after a label");
                if (line[at] == ',')
                {
                    at++;
                }
            }
        }
        Require(at < line.Length && line[at] == ' ', $"{where}: no space before the value");
        var rest = line[(at + 1)..].Split(' ');
        Require(rest.Length is 1 or 2, $"{where}: expected a value and an optional timestamp");
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            var v => throw new FormatException($"{where}: \"{v}\" is not a number"),
        };
        Require(rest.Length == 1 || long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _), $"{where}: bad timestamp");
        return new PromSample(name, labels, number);
    }

    private static bool ValidHelp(string help)
    {
        for (var i = 0; i < help.Length; i++)
        {
            if (help[i] == '\\' && (++i >= help.Length || help[i] is not ('\\' or 'n')))
            {
                return false;
            }
        }
        return true;
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new FormatException(problem);
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
