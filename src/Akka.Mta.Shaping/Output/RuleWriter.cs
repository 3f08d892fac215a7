using System.Text;
using System.Text.Json;
using Akka.Mta.Shaping.Resolution;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Output;

/// <summary>
/// Renders matched automation rules as JSON:
/// <c>[{"file","line","scope","regex","actions","trigger","duration","match_internal"}]</c>, each value as written.
/// </summary>
public static class RuleWriter
{
    public static string ToJson(IReadOnlyList<MatchedRule> rules)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ExplainWriter.Indented))
        {
            json.WriteStartArray();
            foreach (var matched in rules)
            {
                var rule = matched.Rule;
                json.WriteStartObject();
                json.WriteString("file", rule.Origin.File);
                json.WriteNumber("line", rule.Origin.Line);
                json.WriteString("scope", matched.Scope);
                json.WriteBoolean("rollup", matched.IsRollup);
                json.WritePropertyName("regex");
                TomlJson.Write(json, rule.RegexWritten);
                json.WriteStartArray("actions");
                foreach (var action in rule.Actions)
                {
                    TomlJson.Write(json, action.ToWritten());
                }
                json.WriteEndArray();
                json.WritePropertyName("trigger");
                TomlJson.Write(json, rule.Trigger.ToWritten());
                json.WritePropertyName("duration");
                TomlJson.Write(json, rule.DurationWritten);
                json.WriteBoolean("match_internal", rule.MatchInternal);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
