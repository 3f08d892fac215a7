using System.Globalization;
using System.Text.Json;

namespace Akka.Mta.Testing.Toml;

/// <summary>
/// Compares two toml-test tagged JSON documents by value, as the suite's own runner does: floats
/// and date/times by value (at millisecond precision), offset date-times as instants.
/// </summary>
public static class TaggedJsonComparer
{
    /// <summary>Null when equal, else the path and what differs.</summary>
    public static string? Difference(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (IsScalar(expected))
        {
            if (!IsScalar(actual))
            {
                return $"{path}: expected a {expected.GetProperty("type").GetString()} scalar, got {actual.ValueKind}";
            }
            var type = expected.GetProperty("type").GetString()!;
            var actualType = actual.GetProperty("type").GetString()!;
            if (type != actualType)
            {
                return $"{path}: expected type {type}, got {actualType}";
            }
            var e = expected.GetProperty("value").GetString()!;
            var a = actual.GetProperty("value").GetString()!;
            return ScalarEquals(type, e, a) ? null : $"{path}: expected {type} \"{e}\", got \"{a}\"";
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual.ValueKind != JsonValueKind.Object || IsScalar(actual))
                {
                    return $"{path}: expected a table, got {Describe(actual)}";
                }
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                if (!expectedKeys.SetEquals(actualKeys))
                {
                    return $"{path}: expected keys [{string.Join(", ", expectedKeys.Order())}], got [{string.Join(", ", actualKeys.Order())}]";
                }
                foreach (var property in expected.EnumerateObject())
                {
                    var difference = Difference(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                    if (difference is not null)
                    {
                        return difference;
                    }
                }
                return null;
            case JsonValueKind.Array:
                if (actual.ValueKind != JsonValueKind.Array || actual.GetArrayLength() != expected.GetArrayLength())
                {
                    return $"{path}: expected an array of {expected.GetArrayLength()}, got {Describe(actual)}";
                }
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    var difference = Difference(expected[i], actual[i], $"{path}[{i}]");
                    if (difference is not null)
                    {
                        return difference;
                    }
                }
                return null;
            default:
                return $"{path}: unexpected JSON {expected.ValueKind} in the expected document";
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => $"an array of {element.GetArrayLength()}",
        JsonValueKind.Object when IsScalar(element) => $"a {element.GetProperty("type").GetString()} scalar",
        _ => element.ValueKind.ToString(),
    };

    private static bool IsScalar(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.EnumerateObject().Count() == 2
        && element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String;

    private static bool ScalarEquals(string type, string expected, string actual)
    {
        var invariant = CultureInfo.InvariantCulture;
        switch (type)
        {
            case "string":
                return string.Equals(expected, actual, StringComparison.Ordinal);
            case "integer":
                return long.Parse(expected, invariant) == long.Parse(actual, invariant);
            case "float":
                var e = ParseFloat(expected);
                var a = ParseFloat(actual);
                return double.IsNaN(e) ? double.IsNaN(a) : e == a;
            case "bool":
                return string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);
            case "datetime":
                return Milliseconds(DateTimeOffset.Parse(expected, invariant).UtcTicks) == Milliseconds(DateTimeOffset.Parse(actual, invariant).UtcTicks);
            case "datetime-local":
                return Milliseconds(DateTime.Parse(expected, invariant).Ticks) == Milliseconds(DateTime.Parse(actual, invariant).Ticks);
            case "date-local":
                return DateOnly.Parse(expected, invariant) == DateOnly.Parse(actual, invariant);
            case "time-local":
                return Milliseconds(TimeOnly.Parse(expected, invariant).Ticks) == Milliseconds(TimeOnly.Parse(actual, invariant).Ticks);
            default:
                return false;
        }
    }

    private static long Milliseconds(long ticks) => ticks / TimeSpan.TicksPerMillisecond;

    private static double ParseFloat(string text) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "+nan" or "-nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
