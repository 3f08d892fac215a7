using System.Globalization;
using System.Text;
using System.Text.Json;
using Akka.Mta.Toml;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// A large shaping-like document in two equivalent forms, TOML and JSON, built from the same data:
/// per domain a block of egress options, named sources and automation rules, as KumoMTA shaping
/// files have them.
/// </summary>
public static class TomlShapingCorpus
{
    public static (byte[] Toml, byte[] Json) Build(int domains)
    {
        var toml = new StringBuilder();
        using var jsonBuffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(jsonBuffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            toml.Append("# generated shaping rules\n\n");
            for (var i = 0; i < domains; i++)
            {
                var domain = $"domain-{i}.example.com";
                var limit = (i % 50) + 1;
                var rate = $"{(i % 20 + 1) * 10}/min";
                toml.Append(CultureInfo.InvariantCulture, $"""
                    ["{domain}"]
                    mx_rollup = false
                    connection_limit = {limit}
                    max_connection_rate = "{rate}"
                    max_deliveries_per_connection = 100
                    max_message_rate = "100/s"
                    idle_timeout = "60s"
                    enable_tls = "Opportunistic"
                    consecutive_connection_failures_before_delay = 100
                    remember_broken_tls = "3 days"
                    weight = 0.75

                    ["{domain}".sources."ip-1"]
                    connection_limit = 5
                    max_message_rate = "50/s"

                    ["{domain}".sources."ip-2"]
                    connection_limit = 3
                    max_message_rate = "20/s"

                    [["{domain}".automation]]
                    regex = '''Messages from \d+\.\d+\.\d+\.\d+ temporarily deferred'''
                    action = {"{"}SetConfig = {"{"}name = "max_message_rate", value = "1/minute"{"}"}{"}"}
                    trigger = {"{"}Threshold = "5/hr"{"}"}
                    duration = "90m"

                    [["{domain}".automation]]
                    regex = ["\\[TS0{i % 5}\\]", "421 4\\.7\\.0"]
                    action = ["Suspend", {"{"}SetConfig = {"{"}name = "connection_limit", value = 1{"}"}{"}"}]
                    duration = "2 hours"


                    """);

                json.WriteStartObject(domain);
                json.WriteBoolean("mx_rollup", false);
                json.WriteNumber("connection_limit", limit);
                json.WriteString("max_connection_rate", rate);
                json.WriteNumber("max_deliveries_per_connection", 100);
                json.WriteString("max_message_rate", "100/s");
                json.WriteString("idle_timeout", "60s");
                json.WriteString("enable_tls", "Opportunistic");
                json.WriteNumber("consecutive_connection_failures_before_delay", 100);
                json.WriteString("remember_broken_tls", "3 days");
                json.WriteNumber("weight", 0.75);
                json.WriteStartObject("sources");
                json.WriteStartObject("ip-1");
                json.WriteNumber("connection_limit", 5);
                json.WriteString("max_message_rate", "50/s");
                json.WriteEndObject();
                json.WriteStartObject("ip-2");
                json.WriteNumber("connection_limit", 3);
                json.WriteString("max_message_rate", "20/s");
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteStartArray("automation");
                json.WriteStartObject();
                json.WriteString("regex", @"Messages from \d+\.\d+\.\d+\.\d+ temporarily deferred");
                json.WriteStartObject("action");
                json.WriteStartObject("SetConfig");
                json.WriteString("name", "max_message_rate");
                json.WriteString("value", "1/minute");
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteStartObject("trigger");
                json.WriteString("Threshold", "5/hr");
                json.WriteEndObject();
                json.WriteString("duration", "90m");
                json.WriteEndObject();
                json.WriteStartObject();
                json.WriteStartArray("regex");
                json.WriteStringValue($@"\[TS0{i % 5}\]");
                json.WriteStringValue(@"421 4\.7\.0");
                json.WriteEndArray();
                json.WriteStartArray("action");
                json.WriteStringValue("Suspend");
                json.WriteStartObject();
                json.WriteStartObject("SetConfig");
                json.WriteString("name", "connection_limit");
                json.WriteNumber("value", 1);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteString("duration", "2 hours");
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return (Encoding.UTF8.GetBytes(toml.ToString()), jsonBuffer.ToArray());
    }

    /// <summary>Throws unless the TOML, read by the TOML parser, holds exactly the JSON's data.</summary>
    public static void CheckEquivalent(byte[] toml, byte[] json)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Shaping.Output.TomlJson.Write(writer, TomlParser.Parse(toml).Root);
        }
        using var fromToml = JsonDocument.Parse(buffer.ToArray());
        using var expected = JsonDocument.Parse(json);
        if (!JsonElement.DeepEquals(fromToml.RootElement, expected.RootElement))
        {
            throw new InvalidOperationException("the generated TOML and JSON documents do not hold the same data");
        }
    }
}
