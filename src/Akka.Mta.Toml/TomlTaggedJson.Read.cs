using System.Globalization;
using System.Text.Json;

namespace Akka.Mta.Toml;

/// <summary>Reading tagged JSON back into a model: the toml-test encoder direction.</summary>
public static partial class TomlTaggedJson
{
    /// <summary>
    /// The table a tagged JSON object describes. JSON cannot tell an array of tables from an
    /// array of inline tables; a non-empty array holding only tables becomes an array of tables.
    /// Throws <see cref="FormatException"/> for JSON that is not tagged TOML.
    /// </summary>
    public static TomlTable Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || IsScalar(root))
        {
            throw new FormatException("tagged JSON: the top level must be an object (the root table)");
        }
        return ReadTable(root, TomlTableKind.Document, "$");
    }

    private static TomlNode ReadNode(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object when IsScalar(element) => ReadScalar(element.GetProperty("type").GetString()!, element.GetProperty("value").GetString()!, path),
        JsonValueKind.Object => ReadTable(element, TomlTableKind.Header, path),
        JsonValueKind.Array => ReadArray(element, path),
        _ => throw new FormatException($"tagged JSON at {path}: a {element.ValueKind} is neither a table, an array nor a {{type, value}} scalar"),
    };

    private static TomlTable ReadTable(JsonElement element, TomlTableKind kind, string path)
    {
        var table = new TomlTable(kind);
        foreach (var property in element.EnumerateObject())
        {
            if (table.ContainsKey(property.Name))
            {
                throw new FormatException($"tagged JSON at {path}: duplicate key \"{property.Name}\"");
            }
            table.Add(property.Name, ReadNode(property.Value, $"{path}.{property.Name}"));
        }
        return table;
    }

    private static TomlArray ReadArray(JsonElement element, string path)
    {
        var items = element.EnumerateArray().Select((item, i) => ReadNode(item, $"{path}[{i}]")).ToList();
        var array = new TomlArray(isArrayOfTables: items.Count > 0 && items.All(item => item is TomlTable));
        items.ForEach(array.Add);
        return array;
    }

    private static bool IsScalar(JsonElement element) =>
        element.EnumerateObject().Count() == 2
        && element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String;

    private static TomlValue ReadScalar(string type, string text, string path)
    {
        try
        {
            return type switch
            {
                "string" => new TomlString(text),
                "integer" => new TomlInteger(long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                "bool" => new TomlBoolean(bool.Parse(text)),
                "float" => ParseAs<TomlFloat>(text.Any(c => c is '.' or 'e' or 'E' or 'n' or 'i') ? text : text + ".0"),
                "datetime" => ParseAs<TomlOffsetDateTime>(text),
                "datetime-local" => ParseAs<TomlLocalDateTime>(text),
                "date-local" => ParseAs<TomlLocalDate>(text),
                "time-local" => ParseAs<TomlLocalTime>(text),
                _ => throw new FormatException($"unknown type \"{type}\""),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or TomlException)
        {
            throw new FormatException($"tagged JSON at {path}: \"{text}\" is not {(type == "integer" ? "an" : "a")} {type}: {e.Message}", e);
        }
    }

    /// <summary>Float and date/time texts are TOML syntax already; the TOML reader checks them.</summary>
    private static T ParseAs<T>(string text)
        where T : TomlValue =>
        TomlParser.Parse("v = " + text).Root["v"] as T ?? throw new FormatException($"\"{text}\" reads as another kind");
}
