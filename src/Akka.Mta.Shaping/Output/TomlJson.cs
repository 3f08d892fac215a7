using System.Text.Json;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Output;

/// <summary>Writes node values as plain JSON: strings stay strings, integers stay integers.</summary>
public static class TomlJson
{
    public static void Write(Utf8JsonWriter json, TomlNode node)
    {
        switch (node)
        {
            case TomlString s:
                json.WriteStringValue(s.Value);
                break;
            case TomlInteger n:
                json.WriteNumberValue(n.Value);
                break;
            case TomlFloat f when double.IsFinite(f.Value):
                json.WriteNumberValue(f.Value);
                break;
            case TomlBoolean b:
                json.WriteBooleanValue(b.Value);
                break;
            case TomlArray array:
                json.WriteStartArray();
                foreach (var item in array)
                {
                    Write(json, item);
                }
                json.WriteEndArray();
                break;
            case TomlTable table:
                json.WriteStartObject();
                foreach (var entry in table)
                {
                    json.WritePropertyName(entry.Key);
                    Write(json, entry.Value);
                }
                json.WriteEndObject();
                break;
            default:
                json.WriteStringValue(TomlWriter.FormatValue(node));
                break;
        }
    }
}
