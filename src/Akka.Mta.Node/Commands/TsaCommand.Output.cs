using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Akka.Mta.Tsa;

namespace Akka.Mta.Node.Commands;

internal static partial class TsaCommand
{
    private static void WriteTable(TextWriter output, IReadOnlyList<Fired> fired, int records, int rules)
    {
        string[] header = ["TIME", "ACTION", "SCOPE", "FOR", "UNTIL", "RULE"];
        var rows = fired.Select(f => new[]
        {
            ActiveOverridesWriter.Rfc3339(f.Effect.TriggeredAt),
            (f.Extended ? "extend " : "") + f.Effect.Action + (f.Effect is ConfigOverrideEffect o ? " " + o.Setting : ""),
            f.Effect.Scope,
            FormatDuration(f.Effect.Duration),
            ActiveOverridesWriter.Rfc3339(f.Effect.Expires),
            f.Effect.Rule,
        }).ToList();
        WriteAligned(output, header, rows);
        output.WriteLine();
        output.WriteLine($"{records} records replayed against {rules} rules: {fired.Count} actions fired ({fired.Count(f => !f.Extended)} new, {fired.Count(f => f.Extended)} extended)");
    }

    /// <summary>A plain-text table: columns padded to their widest cell, two spaces apart.</summary>
    private static void WriteAligned(TextWriter output, string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        void Line(string[] cells) => output.WriteLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        foreach (var row in rows)
        {
            Line(row);
        }
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<Fired> fired)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var (effect, extended) in fired)
            {
                json.WriteStartObject();
                json.WriteString("time", effect.TriggeredAt);
                json.WriteString("action", effect.Action);
                json.WriteBoolean("extended", extended);
                json.WriteString("rule", effect.Rule);
                json.WriteString("scope", effect.Scope);
                json.WriteNumber("duration_seconds", (long)effect.Duration.TotalSeconds);
                json.WriteString("expires", effect.Expires);
                json.WriteString("reason", effect.Reason);
                switch (effect)
                {
                    case SuspendPathEffect e:
                        json.WriteString("path", e.Path);
                        break;
                    case ConfigOverrideEffect e:
                        json.WriteString("domain", e.Domain);
                        json.WriteBoolean("mx_rollup", e.MxRollup);
                        json.WriteString("site", e.Site);
                        json.WriteString("source", e.Source);
                        json.WriteString("path", e.Path);
                        json.WriteString("option", e.Option);
                        json.WriteString("value", Toml.TomlWriter.FormatValue(e.Value));
                        break;
                    case SuspendQueuesEffect e:
                        WriteQueues(json, e.Domain, e.Tenant, e.Campaign);
                        break;
                    case BounceQueuesEffect e:
                        WriteQueues(json, e.Domain, e.Tenant, e.Campaign);
                        break;
                    case AdjustConfigEffect e:
                        json.WriteString("path", e.Path);
                        json.WriteString("option", e.Option);
                        json.WriteNumber("reduce_percent", e.ReducePercent);
                        json.WriteNumber("floor", e.Floor);
                        break;
                    case PauseSenderEffect e:
                        json.WriteString("sender_domain", e.SenderDomain);
                        json.WriteString("site", e.Site);
                        break;
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
    }

    private static void WriteQueues(Utf8JsonWriter json, string domain, string? tenant, string? campaign)
    {
        json.WriteString("domain", domain);
        json.WriteString("tenant", tenant);
        json.WriteString("campaign", campaign);
    }

    /// <summary><c>2h</c>, <c>90m</c>, <c>1h30m5s</c>: the largest units that divide the duration exactly.</summary>
    private static string FormatDuration(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds <= 0)
        {
            return "0s";
        }
        var parts = new List<string>();
        foreach (var (unit, size) in new[] { ("d", 86400L), ("h", 3600L), ("m", 60L), ("s", 1L) })
        {
            if (seconds >= size)
            {
                parts.Add((seconds / size).ToString(CultureInfo.InvariantCulture) + unit);
                seconds %= size;
            }
        }
        return string.Concat(parts);
    }
}
