using System.Text.Json.Nodes;

namespace Akka.Mta.Node.Hosting.Metrics;

/// <summary>
/// The same metrics as JSON: <c>{name: {type, help, samples: [{labels: {label: value}, value}]}}</c>.
/// </summary>
public static class MetricsJson
{
    public static JsonObject Format(IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var json = new JsonObject();
        foreach (var family in families)
        {
            json[family.Name] = new JsonObject
            {
                ["type"] = family.Type == MetricType.Counter ? "counter" : "gauge",
                ["help"] = family.Help,
                ["samples"] = new JsonArray([.. family.Samples.Select(s => (JsonNode?)new JsonObject
                {
                    ["labels"] = new JsonObject(s.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
                    ["value"] = s.Value,
                })]),
            };
        }
        return json;
    }
}
